/**
 * What a run came to, computed from its timeline alone: each machine's
 * version and status at the end, machines per version and status, when every
 * machine ran the final version, the machines that fell back, the most
 * machines rebooting at once (from going down to their boot being marked
 * good), the halts, and each machine's state over time (for the chart).
 */
import type { HaltedBy } from './plan.js';
import type { Timeline } from './timeline.js';

/** A machine's state in an interval: its running version ('' while down) and what it does. */
export type Phase = 'running' | 'updating' | 'need-reboot' | 'down' | 'unhealthy';

export interface Segment {
  readonly from: number;
  readonly to: number;
  readonly version: string;
  readonly phase: Phase;
}

export interface MachineEnd {
  readonly index: number;
  readonly name: string;
  readonly group: string;
  /** The version running at the end ('' when the machine is down then). */
  readonly version: string;
  /** The agent's last status, or REBOOTING / UNHEALTHY. */
  readonly status: string;
  readonly fellBack: boolean;
  readonly reboots: number;
}

export interface Halt {
  readonly group: string;
  readonly at: number;
  readonly by: 'auto-halt' | 'manual';
  readonly reason: string;
}

export interface Outcome {
  readonly machines: readonly MachineEnd[];
  readonly perVersion: Readonly<Record<string, number>>;
  readonly perStatus: Readonly<Record<string, number>>;
  readonly perGroup: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Every machine runs the same version at the end and one at least changed to it: when the last one did. */
  readonly fullRollout: { readonly version: string; readonly at: number } | null;
  /** When the last machine changed version (null when none did). */
  readonly lastVersionChange: number | null;
  readonly fellBack: readonly number[];
  readonly maxParallelReboots: number;
  readonly maxParallelAt: number | null;
  readonly halts: readonly Halt[];
  readonly haltedAtEnd: Readonly<Record<string, HaltedBy>>;
  readonly grants: number;
  readonly segments: readonly (readonly Segment[])[];
}

const UPDATING = new Set([
  'CHECKING_FOR_UPDATE',
  'UPDATE_AVAILABLE',
  'DOWNLOADING',
  'VERIFYING',
  'FINALIZING',
  'REPORTING_ERROR_EVENT',
]);

export function outcomeOf(tl: Timeline): Outcome {
  const n = tl.machines.length;
  const version = tl.machines.map(() => '');
  const status = tl.machines.map(() => 'IDLE');
  const phase: Phase[] = tl.machines.map(() => 'down');
  const since = tl.machines.map(() => 0);
  const fell = new Set<number>();
  const reboots = tl.machines.map(() => 0);
  const segments: Segment[][] = tl.machines.map(() => []);
  const rebooting = new Set<number>();
  let maxParallel = 0;
  let maxAt: number | null = null;
  let lastChange: number | null = null;
  const startVersion = tl.machines.map((m) => m.startVersion);
  const halts: Halt[] = [];
  const haltedNow = new Map<string, HaltedBy>();
  let grants = 0;

  const close = (m: number, t: number): void => {
    if (t > since[m]!) {
      const segs = segments[m]!;
      const last = segs[segs.length - 1];
      if (last && last.to === since[m] && last.version === version[m] && last.phase === phase[m])
        segs[segs.length - 1] = { ...last, to: t };
      else segs.push({ from: since[m]!, to: t, version: version[m]!, phase: phase[m]! });
    }
  };
  const move = (m: number, t: number, v: string, p: Phase): void => {
    if (v === version[m] && p === phase[m]) return;
    close(m, t);
    since[m] = t;
    version[m] = v;
    phase[m] = p;
  };

  for (const r of tl.records) {
    switch (r.kind) {
      case 'boot': {
        if (r.version !== startVersion[r.m]) lastChange = r.t;
        startVersion[r.m] = r.version;
        move(r.m, r.t, r.version, 'running');
        status[r.m] = 'IDLE';
        break;
      }
      case 'boot-failed':
        fell.add(r.m);
        move(r.m, r.t, '', 'down');
        status[r.m] = 'REBOOTING';
        break;
      case 'unhealthy':
        fell.add(r.m);
        move(r.m, r.t, version[r.m]!, 'unhealthy');
        status[r.m] = 'UNHEALTHY';
        break;
      case 'rollback':
        fell.add(r.m);
        break;
      case 'status':
        status[r.m] = r.status;
        if (phase[r.m] !== 'down' && phase[r.m] !== 'unhealthy')
          move(
            r.m,
            r.t,
            version[r.m]!,
            r.status === 'UPDATED_NEED_REBOOT' ? 'need-reboot' : UPDATING.has(r.status) ? 'updating' : 'running',
          );
        break;
      case 'reboot':
        reboots[r.m]!++;
        move(r.m, r.t, '', 'down');
        status[r.m] = 'REBOOTING';
        rebooting.add(r.m);
        if (rebooting.size > maxParallel) {
          maxParallel = rebooting.size;
          maxAt = r.t;
        }
        break;
      case 'marked-good':
        rebooting.delete(r.m);
        break;
      case 'grant':
        grants++;
        break;
      case 'halt':
        halts.push({ group: r.group, at: r.t, by: r.by, reason: r.reason });
        haltedNow.set(r.group, r.by);
        break;
      case 'resume':
        haltedNow.set(r.group, 'none');
        break;
      default:
        break;
    }
  }
  for (let m = 0; m < n; m++) close(m, tl.durationMs);

  const machines: MachineEnd[] = tl.machines.map((mm, m) => ({
    index: m,
    name: mm.name,
    group: mm.group,
    version: version[m]!,
    status: status[m]!,
    fellBack: fell.has(m),
    reboots: reboots[m]!,
  }));
  const perVersion: Record<string, number> = {};
  const perStatus: Record<string, number> = {};
  const perGroup: Record<string, Record<string, number>> = {};
  for (const e of machines) {
    const v = e.version === '' ? '(down)' : e.version;
    perVersion[v] = (perVersion[v] ?? 0) + 1;
    perStatus[e.status] = (perStatus[e.status] ?? 0) + 1;
    const g = (perGroup[e.group] ??= {});
    g[v] = (g[v] ?? 0) + 1;
  }
  const versions = Object.keys(perVersion);
  const changed = machines.some((e) => e.version !== tl.machines[e.index]!.startVersion);
  const fullRollout =
    versions.length === 1 && versions[0] !== '(down)' && changed && lastChange !== null
      ? { version: versions[0]!, at: lastChange }
      : null;
  const haltedAtEnd: Record<string, HaltedBy> = {};
  for (const g of new Set(tl.machines.map((x) => x.group))) haltedAtEnd[g] = haltedNow.get(g) ?? 'none';
  for (const [g, by] of haltedNow) haltedAtEnd[g] = by;
  return {
    machines,
    perVersion,
    perStatus,
    perGroup,
    fullRollout,
    lastVersionChange: lastChange,
    fellBack: [...fell].sort((a, b) => a - b),
    maxParallelReboots: maxParallel,
    maxParallelAt: maxAt,
    halts,
    haltedAtEnd,
    grants,
    segments,
  };
}
