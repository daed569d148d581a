import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimelineRecorder } from './timeline.js';

test('records are stamped with the clock and kept in time order; one added at an earlier mark goes after every record not later', () => {
  let now = 100;
  const tl = new TimelineRecorder(() => now);
  tl.add({ kind: 'lock', m: 0, op: 'lock', result: 'ok' });
  const asked = tl.mark();
  now = 150;
  tl.add({ kind: 'lock', m: 1, op: 'lock', result: 'ok' });
  // Machine 0 asked to release at 100 and its answer came after machine 1's take at 150.
  now = 160;
  tl.add({ kind: 'lock', m: 0, op: 'unlock', result: 'ok' }, asked);
  tl.add({ kind: 'lock', m: 1, op: 'unlock', result: 'ok' });
  assert.deepEqual(
    tl.records.map((r) => [r.t, (r as { m: number }).m, (r as { op: string }).op]),
    [
      [100, 0, 'lock'],
      [100, 0, 'unlock'],
      [150, 1, 'lock'],
      [160, 1, 'unlock'],
    ],
  );
  // Equal times keep the order of adding.
  tl.add({ kind: 'lock', m: 2, op: 'lock', result: 'ok' }, 100);
  assert.deepEqual(
    tl.records.slice(0, 3).map((r) => (r as { m: number }).m),
    [0, 0, 2],
  );
});
