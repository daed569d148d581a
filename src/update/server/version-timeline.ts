/**
 * A group's versions and statuses over time, from what the server records of
 * its machines (no sampling of its own): each machine's first check-in, its
 * version and status now, and the reports it made on the way — a status
 * change stores the new status and the version the machine ran then, an Omaha
 * event the version it sent in the event (update_engine reports the running
 * version, the new one only after the reboot). Pure.
 *
 * A machine counts from its first check-in. Its version: before its first
 * version report, that report's (with none, the version it runs now); after a
 * report, that report's until the next. Its status: `undefined` (a new
 * machine's) until its first status change, then the last change's. Hidden
 * machines and those that left the group are not counted (the repository
 * leaves them out).
 */
import { INSTANCE_STATUS_NAMES, InstanceStatus } from './model.js';
import { compareVersions } from './version.js';

export interface VersionReportMachine {
  readonly instanceId: string;
  /** Its first check-in. */
  readonly createdAt: string;
  /** Its running version now, reported at its last check. */
  readonly version: string;
  readonly lastCheckAt: string;
}

export interface VersionReport {
  readonly instanceId: string;
  readonly version: string;
  /** The status it changed to (a status-history row), or null (an Omaha event). */
  readonly status: InstanceStatus | null;
  readonly at: string;
}

export interface VersionReports {
  readonly machines: readonly VersionReportMachine[];
  readonly reports: readonly VersionReport[];
}

export interface VersionTimeline {
  /** Every version counted at some point, oldest first. */
  readonly versions: readonly string[];
  /** Every status counted at some point, in InstanceStatus order. */
  readonly statuses: readonly string[];
  /** At each time, the machines per version (`counts[i]` runs `versions[i]`) and per status. */
  readonly points: readonly {
    readonly at: string;
    readonly counts: readonly number[];
    readonly statusCounts: readonly number[];
  }[];
}

/** `n` evenly spaced instants from `from` to `to` (both included), ISO 8601. */
export function timelineInstants(from: Date, to: Date, n: number): string[] {
  const a = from.getTime();
  const b = to.getTime();
  if (n <= 1 || b <= a) return [new Date(b).toISOString()];
  return Array.from({ length: n }, (_, i) => new Date(Math.round(a + ((b - a) * i) / (n - 1))).toISOString());
}

interface Step {
  readonly t: number;
  readonly value: string;
}

/** Adds one machine's value at each instant (ascending) to `perInstant`: `before` until its first step, then the last step's. */
function countSteps(
  steps: Step[],
  before: string,
  born: number,
  times: readonly number[],
  perInstant: Map<string, number>[],
): void {
  steps.sort((x, y) => x.t - y.t);
  let k = 0;
  let value = before;
  times.forEach((t, i) => {
    if (t < born) return;
    while (k < steps.length && steps[k]!.t <= t) value = steps[k++]!.value;
    const counts = perInstant[i]!;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  });
}

export function versionTimeline(data: VersionReports, instants: readonly string[]): VersionTimeline {
  const byMachine = new Map<string, VersionReport[]>();
  for (const r of data.reports) {
    const list = byMachine.get(r.instanceId) ?? [];
    list.push(r);
    byMachine.set(r.instanceId, list);
  }
  const times = instants.map((at) => Date.parse(at));
  const versionsAt = times.map(() => new Map<string, number>());
  const statusesAt = times.map(() => new Map<string, number>());
  for (const m of data.machines) {
    const reports = byMachine.get(m.instanceId) ?? [];
    const born = Date.parse(m.createdAt);
    const versionSteps: Step[] = reports
      .filter((r) => r.version !== '')
      .map((r) => ({ t: Date.parse(r.at), value: r.version }));
    if (m.version !== '') versionSteps.push({ t: Date.parse(m.lastCheckAt), value: m.version });
    if (versionSteps.length > 0) {
      const first = versionSteps.reduce((a, b) => (b.t < a.t ? b : a));
      countSteps(versionSteps, first.value, born, times, versionsAt);
    }
    const statusSteps: Step[] = [];
    for (const r of reports)
      if (r.status !== null) statusSteps.push({ t: Date.parse(r.at), value: INSTANCE_STATUS_NAMES[r.status] });
    countSteps(statusSteps, INSTANCE_STATUS_NAMES[InstanceStatus.Undefined], born, times, statusesAt);
  }
  const versions = [...new Set(versionsAt.flatMap((c) => [...c.keys()]))].sort(
    (a, b) => compareVersions(a, b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const order = Object.values(INSTANCE_STATUS_NAMES);
  const statuses = [...new Set(statusesAt.flatMap((c) => [...c.keys()]))].sort(
    (a, b) => order.indexOf(a) - order.indexOf(b),
  );
  return {
    versions,
    statuses,
    points: instants.map((at, i) => ({
      at,
      counts: versions.map((v) => versionsAt[i]!.get(v) ?? 0),
      statusCounts: statuses.map((v) => statusesAt[i]!.get(v) ?? 0),
    })),
  };
}
