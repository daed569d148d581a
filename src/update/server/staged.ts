import type { StagedRollout } from './model.js';

/**
 * Staged rollout: a machine may take a group's new version when its bucket
 * (a number in [0, 100) fixed by its machine id) is below the group's current
 * percentage, so raising the percentage only ever adds machines and the same
 * machines are chosen on every server. The hash is FNV-1a (32 bit) of the
 * machine id and the version, so each release picks a different first share of
 * the fleet instead of always the same canaries.
 */
export function rolloutBucket(machineId: string, version: string): number {
  let h = 0x811c9dc5;
  const text = `${machineId}\u0000${version}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 10000) / 100;
}

/** The share (0–100) allowed at `now`: the set percentage, or the schedule's linear ramp from it to 100. */
export function stagedPercentAt(staged: StagedRollout, now: Date): number {
  const base = clamp(staged.percent);
  const s = staged.schedule;
  if (!s) return base;
  const start = Date.parse(s.startAt);
  const elapsed = (now.getTime() - start) / 1000;
  if (!(elapsed > 0)) return base;
  if (s.durationSeconds <= 0 || elapsed >= s.durationSeconds) return 100;
  return clamp(base + ((100 - base) * elapsed) / s.durationSeconds);
}

/** Whether the machine is inside the staged share at `now`. */
export function inStagedShare(machineId: string, version: string, staged: StagedRollout, now: Date): boolean {
  const percent = stagedPercentAt(staged, now);
  return percent >= 100 || rolloutBucket(machineId, version) < percent;
}

function clamp(p: number): number {
  return Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 0;
}
