/**
 * A group's version breakdown over time, from what the server records of its
 * machines (no sampling of its own): each machine's first check-in and its
 * version now, and the versions it reported on the way — a status change
 * stores the version the machine ran then, an Omaha event the version it sent
 * in the event (update_engine reports the running version, the new one only
 * after the reboot). Pure.
 *
 * A machine counts from its first check-in; before its first report it ran
 * the version of that report (or, with none, the version it runs now); after
 * a report, that report's version until the next. Hidden machines and those
 * that left the group are not counted (the repository leaves them out).
 */
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
  readonly at: string;
}

export interface VersionReports {
  readonly machines: readonly VersionReportMachine[];
  readonly reports: readonly VersionReport[];
}

export interface VersionTimeline {
  /** Every version counted at some point, oldest first. */
  readonly versions: readonly string[];
  /** At each time, the machines per version (`counts[i]` runs `versions[i]`). */
  readonly points: readonly { readonly at: string; readonly counts: readonly number[] }[];
}

/** `n` evenly spaced instants from `from` to `to` (both included), ISO 8601. */
export function timelineInstants(from: Date, to: Date, n: number): string[] {
  const a = from.getTime();
  const b = to.getTime();
  if (n <= 1 || b <= a) return [new Date(b).toISOString()];
  return Array.from({ length: n }, (_, i) => new Date(Math.round(a + ((b - a) * i) / (n - 1))).toISOString());
}

export function versionTimeline(data: VersionReports, instants: readonly string[]): VersionTimeline {
  const byMachine = new Map<string, { t: number; version: string }[]>();
  for (const r of data.reports) {
    if (r.version === '') continue;
    const list = byMachine.get(r.instanceId) ?? [];
    list.push({ t: Date.parse(r.at), version: r.version });
    byMachine.set(r.instanceId, list);
  }
  const times = instants.map((at) => Date.parse(at));
  const perInstant = times.map(() => new Map<string, number>());
  for (const m of data.machines) {
    const reports = [...(byMachine.get(m.instanceId) ?? [])];
    if (m.version !== '') reports.push({ t: Date.parse(m.lastCheckAt), version: m.version });
    if (reports.length === 0) continue;
    reports.sort((x, y) => x.t - y.t);
    const born = Date.parse(m.createdAt);
    let k = 0;
    let version = reports[0]!.version;
    // The instants are ascending: walk the reports once.
    times.forEach((t, i) => {
      if (t < born) return;
      while (k < reports.length && reports[k]!.t <= t) version = reports[k++]!.version;
      const counts = perInstant[i]!;
      counts.set(version, (counts.get(version) ?? 0) + 1);
    });
  }
  const versions = [...new Set(perInstant.flatMap((c) => [...c.keys()]))].sort((a, b) => compareVersions(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  return { versions, points: instants.map((at, i) => ({ at, counts: versions.map((v) => perInstant[i]!.get(v) ?? 0) })) };
}
