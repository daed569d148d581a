/**
 * The scenario's `expect:` checked against a run's outcome (computed from the
 * timeline): every machine of a group on a version, at most N machines
 * rebooting at once, how each group's rollout stands at the end. A failed
 * check makes `hull sim run` exit 1.
 */
import type { Outcome } from './outcome.js';
import type { PlanExpect } from './plan.js';

export interface ExpectResult {
  readonly what: string;
  readonly ok: boolean;
  /** What was found instead, when not ok. */
  readonly found: string;
}

const counts = (r: Readonly<Record<string, number>> | undefined): string =>
  Object.entries(r ?? {})
    .map(([v, n]) => `${v}: ${n}`)
    .join(', ') || 'no machines';

export function evaluateExpect(e: PlanExpect, o: Outcome): ExpectResult[] {
  const out: ExpectResult[] = [];
  for (const [group, version] of Object.entries(e.finalVersions)) {
    const g = o.perGroup[group] ?? {};
    const total = Object.values(g).reduce((a, b) => a + b, 0);
    const ok = total > 0 && g[version] === total;
    out.push({ what: `finalVersions: every machine of ${group} runs ${version}`, ok, found: ok ? '' : counts(g) });
  }
  if (e.maxParallelReboots !== null) {
    const ok = o.maxParallelReboots <= e.maxParallelReboots;
    out.push({
      what: `maxParallelReboots: at most ${e.maxParallelReboots} machine(s) rebooting at once`,
      ok,
      found: ok ? '' : `${o.maxParallelReboots} at once`,
    });
  }
  for (const [group, by] of Object.entries(e.haltedBy)) {
    const now = o.haltedAtEnd[group] ?? 'none';
    out.push({
      what: `haltedBy: ${group} ${by === 'none' ? 'not halted' : `halted by ${by}`}`,
      ok: now === by,
      found: now === by ? '' : now === 'none' ? 'not halted' : `halted by ${now}`,
    });
  }
  return out;
}
