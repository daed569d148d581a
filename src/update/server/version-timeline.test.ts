import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InstanceStatus } from './model.js';
import { timelineInstants, versionTimeline } from './version-timeline.js';

const t = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();

test('timelineInstants: evenly spaced, both ends included; one instant when the range is empty', () => {
  assert.deepEqual(timelineInstants(new Date(t(0)), new Date(t(4)), 3), [t(0), t(2), t(4)]);
  assert.deepEqual(timelineInstants(new Date(t(4)), new Date(t(4)), 10), [t(4)]);
});

test('versionTimeline: each machine from its first check-in, on the version of its last report so far (before any: its first report) and the status of its last status change (before any: undefined)', () => {
  const timeline = versionTimeline(
    {
      machines: [
        // a: came at 0 on 1.0.0, granted at 2, rebooted into 1.0.10 (event at 5), complete at 6.
        { instanceId: 'a', createdAt: t(0), version: '1.0.10', lastCheckAt: t(9) },
        // b: came at 3, no report: its version now all along, status undefined.
        { instanceId: 'b', createdAt: t(3), version: '1.0.2', lastCheckAt: t(8) },
        // c: came at 0; its first report (an error at 4) says 1.0.0: it ran that before too.
        { instanceId: 'c', createdAt: t(0), version: '1.0.0', lastCheckAt: t(4) },
      ],
      reports: [
        { instanceId: 'a', version: '1.0.10', status: null, at: t(5) },
        { instanceId: 'a', version: '1.0.0', status: InstanceStatus.UpdateGranted, at: t(2) },
        { instanceId: 'a', version: '1.0.10', status: InstanceStatus.Complete, at: t(6) },
        { instanceId: 'c', version: '1.0.0', status: InstanceStatus.Error, at: t(4) },
        { instanceId: 'gone', version: '9.9.9', status: InstanceStatus.UpdateGranted, at: t(1) },
        { instanceId: 'a', version: '', status: null, at: t(7) },
      ],
    },
    [t(1), t(3), t(5), t(9)],
  );
  assert.deepEqual(timeline.versions, ['1.0.0', '1.0.2', '1.0.10']);
  assert.deepEqual(timeline.statuses, ['undefined', 'granted', 'error', 'complete']);
  assert.deepEqual(
    timeline.points.map((p) => [p.at, p.counts, p.statusCounts]),
    [
      [t(1), [2, 0, 0], [2, 0, 0, 0]],
      [t(3), [2, 1, 0], [2, 1, 0, 0]],
      [t(5), [1, 1, 1], [1, 1, 1, 0]],
      [t(9), [1, 1, 1], [1, 0, 1, 1]],
    ],
  );
  assert.deepEqual(versionTimeline({ machines: [], reports: [] }, [t(1)]), {
    versions: [],
    statuses: [],
    points: [{ at: t(1), counts: [], statusCounts: [] }],
  });
});
