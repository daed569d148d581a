/** The summary `hull sim run` prints (text), from the outcome and the expectations. */
import type { ExpectResult } from './expect.js';
import type { Outcome } from './outcome.js';
import { atText, relText } from './time-text.js';
import type { Timeline } from './timeline.js';

const list = (r: Readonly<Record<string, number>>): string =>
  Object.entries(r)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

export function summaryText(tl: Timeline, o: Outcome, expects: readonly ExpectResult[]): string {
  const startMs = Date.parse(tl.start);
  const when = (ms: number): string => `${relText(ms)} (${atText(startMs, ms)})`;
  const lines = [
    `scenario ${tl.scenario}: ${tl.machines.length} machines, seed ${tl.seed}, ${relText(tl.durationMs).slice(1)} simulated from ${tl.start}`,
    `at the end: ${list(o.perVersion)}`,
    `  status: ${list(o.perStatus)}`,
    ...Object.entries(o.perGroup).map(([g, v]) => `  group ${g}: ${list(v)}`),
    o.fullRollout
      ? `full rollout: every machine on ${o.fullRollout.version} at ${when(o.fullRollout.at)}`
      : `full rollout: not reached${o.lastVersionChange !== null ? ` (the last version change at ${when(o.lastVersionChange)})` : ''}`,
    `fell back: ${o.fellBack.length} machine(s)${
      o.fellBack.length > 0
        ? `: ${o.fellBack
            .slice(0, 10)
            .map((m) => tl.machines[m]!.name)
            .join(', ')}${o.fellBack.length > 10 ? ', …' : ''}`
        : ''
    }`,
    `reboots in parallel at most: ${o.maxParallelReboots}${o.maxParallelAt !== null ? ` (first at ${when(o.maxParallelAt)})` : ''}`,
    `grants: ${o.grants}`,
    ...(o.halts.length === 0
      ? ['halts: none']
      : o.halts.map((h) => `halt: group ${h.group} by ${h.by} at ${when(h.at)}${h.reason ? `: ${h.reason}` : ''}`)),
    ...expects.map((e) => `expect ${e.ok ? 'ok' : 'FAILED'}: ${e.what}${e.ok ? '' : ` — found ${e.found}`}`),
  ];
  return `${lines.join('\n')}\n`;
}
