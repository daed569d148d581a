import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timelineInstants, versionTimeline } from './version-timeline.js';

const t = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();

test('timelineInstants: evenly spaced, both ends included; one instant when the range is empty', () => {
  assert.deepEqual(timelineInstants(new Date(t(0)), new Date(t(4)), 3), [t(0), t(2), t(4)]);
  assert.deepEqual(timelineInstants(new Date(t(4)), new Date(t(4)), 10), [t(4)]);
});

test('versionTimeline: each machine from its first check-in, on the version of its last report so far (before any: its first report), versions oldest first', () => {
  const timeline = versionTimeline(
    {
      machines: [
        // a: came at 0 on 1.0.0, reported 1.0.0 at 2 (granted), rebooted into 1.0.10 at 5.
        { instanceId: 'a', createdAt: t(0), version: '1.0.10', lastCheckAt: t(9) },
        // b: came at 3, no report: its version now all along.
        { instanceId: 'b', createdAt: t(3), version: '1.0.2', lastCheckAt: t(8) },
        // c: came at 0, its first report (at 4) says 1.0.0: it ran that before too.
        { instanceId: 'c', createdAt: t(0), version: '1.0.0', lastCheckAt: t(4) },
      ],
      reports: [
        { instanceId: 'a', version: '1.0.10', at: t(5) },
        { instanceId: 'a', version: '1.0.0', at: t(2) },
        { instanceId: 'c', version: '1.0.0', at: t(4) },
        { instanceId: 'gone', version: '9.9.9', at: t(1) },
        { instanceId: 'a', version: '', at: t(6) },
      ],
    },
    [t(1), t(3), t(5), t(9)],
  );
  assert.deepEqual(timeline.versions, ['1.0.0', '1.0.2', '1.0.10']);
  assert.deepEqual(
    timeline.points.map((p) => [p.at, p.counts]),
    [
      [t(1), [2, 0, 0]],
      [t(3), [2, 1, 0]],
      [t(5), [1, 1, 1]],
      [t(9), [1, 1, 1]],
    ],
  );
  assert.deepEqual(versionTimeline({ machines: [], reports: [] }, [t(1)]), { versions: [], points: [{ at: t(1), counts: [] }] });
});
