import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartHtml } from './chart.js';
import { evaluateExpect } from './expect.js';
import { outcomeOf } from './outcome.js';
import { summaryText } from './report.js';
import type { Timeline, TimelineRecord } from './timeline.js';
import { timelineJson } from './timeline.js';

const H = 3_600_000;
const machines = [0, 1, 2].map((i) => ({
  index: i,
  name: `m-${i}`,
  group: i < 2 ? 'web' : 'db',
  machineId: `${i}`.padStart(32, '0'),
  startVersion: '1.0.0',
}));
const r = (rec: TimelineRecord): TimelineRecord => rec;
const records: TimelineRecord[] = [
  ...[0, 1, 2].map((m) => r({ t: 0, kind: 'boot', m, slot: 'A', version: '1.0.0', trial: false })),
  r({ t: 1 * H, kind: 'grant', m: 0, group: 'web', version: '2.0.0' }),
  r({ t: 1 * H, kind: 'status', m: 0, status: 'DOWNLOADING' }),
  r({ t: 1 * H, kind: 'status', m: 0, status: 'UPDATED_NEED_REBOOT' }),
  r({ t: 2 * H, kind: 'reboot', m: 0 }),
  r({ t: 2 * H, kind: 'grant', m: 2, group: 'db', version: '2.0.0' }),
  r({ t: 2 * H, kind: 'reboot', m: 2 }),
  r({ t: 2 * H + 60_000, kind: 'boot', m: 0, slot: 'B', version: '2.0.0', trial: true }),
  r({ t: 2 * H + 60_000, kind: 'boot', m: 2, slot: 'B', version: '2.0.0', trial: true }),
  r({ t: 2 * H + 60_000, kind: 'boot-failed', m: 2, slot: 'B', version: '2.0.0' }),
  r({ t: 2 * H + 105_000, kind: 'marked-good', m: 0, slot: 'B', version: '2.0.0' }),
  r({ t: 2 * H + 180_000, kind: 'boot', m: 2, slot: 'A', version: '1.0.0', trial: false }),
  r({ t: 2 * H + 225_000, kind: 'marked-good', m: 2, slot: 'A', version: '1.0.0' }),
  r({ t: 3 * H, kind: 'halt', group: 'db', by: 'auto-halt', reason: 'auto-halt: 1 of 1 <failed>' }),
];
const tl: Timeline = {
  format: 'hull-sim-timeline/1',
  scenario: 's',
  seed: 1,
  start: '2026-01-05T00:00:00Z',
  durationMs: 4 * H,
  machines,
  records,
};

test('the outcome comes from the records: versions, fall-backs, reboots at once, halts', () => {
  const o = outcomeOf(tl);
  assert.deepEqual(o.perVersion, { '2.0.0': 1, '1.0.0': 2 });
  assert.deepEqual(o.perGroup, { web: { '2.0.0': 1, '1.0.0': 1 }, db: { '1.0.0': 1 } });
  assert.deepEqual(o.fellBack, [2]);
  assert.equal(o.maxParallelReboots, 2);
  assert.equal(o.fullRollout, null);
  assert.equal(o.lastVersionChange, 2 * H + 180_000);
  assert.deepEqual(o.haltedAtEnd, { web: 'none', db: 'auto-halt' });
  assert.equal(o.grants, 2);
  // Machine 0: running, then updating, waiting for the reboot, down, running the new version.
  assert.deepEqual(
    o.segments[0]!.map((s) => [s.phase, s.version]),
    [
      ['running', '1.0.0'],
      ['need-reboot', '1.0.0'],
      ['down', ''],
      ['running', '2.0.0'],
    ],
  );
  assert.equal(o.segments[0]!.at(-1)!.to, 4 * H);
});

test('expectations: each checked, what was found when not met', () => {
  const o = outcomeOf(tl);
  const e = evaluateExpect(
    {
      finalVersions: { web: '2.0.0', db: '1.0.0' },
      maxParallelReboots: 1,
      haltedBy: { db: 'auto-halt', web: 'manual' },
    },
    o,
  );
  assert.deepEqual(
    e.map((x) => [x.ok, x.found]),
    [
      [false, '2.0.0: 1, 1.0.0: 1'],
      [true, ''],
      [false, '2 at once'],
      [true, ''],
      [false, 'not halted'],
    ],
  );
  const text = summaryText(tl, o, e);
  assert.match(text, /halt: group db by auto-halt at \+0d 03:00:00 \(2026-01-05T03:00:00Z\)/);
  assert.match(text, /expect FAILED: maxParallelReboots: at most 1 machine\(s\) rebooting at once — found 2 at once/);
});

test('the chart is one self-contained page; text is escaped; the timeline JSON parses back', () => {
  const html = chartHtml(tl, outcomeOf(tl), ['1.0.0', '2.0.0']);
  assert.match(html, /^<!doctype html>/);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  assert.match(html, /&lt;failed&gt;/);
  assert.deepEqual(JSON.parse(timelineJson(tl)), tl);
});
