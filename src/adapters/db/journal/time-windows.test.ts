import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { timeWindows, type TimeWindow } from './time-windows.js';

const inside = (w: TimeWindow, t: bigint) => (w.from === undefined || t >= w.from) && (w.to === undefined || t < w.to);

test('time windows: every time (and -1) falls in exactly one window, in the scan order, widths growing', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.bigInt({ min: 0n, max: 10n ** 9n }),
      fc.bigInt({ min: -5n, max: 10n ** 12n }),
      fc.boolean(),
      fc.integer({ min: 1, max: 100 }),
      (min, len, start, reverse, parts) => {
        const max = min + len;
        const ws = [...timeWindows({ min, max, start, reverse, parts })];
        assert.ok(ws.length >= 1 && ws.length <= 40);
        for (const t of [-1n, min, max, start, (min + max) / 2n, start - 1n, start + 1n, max + 100n]) {
          const hits = ws.map((w, i) => (inside(w, t) ? i : -1)).filter((i) => i >= 0);
          assert.equal(
            hits.length,
            1,
            `time ${t} in ${JSON.stringify(ws, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`,
          );
        }
        // Windows follow each other in the scan's direction.
        for (let i = 1; i < ws.length; i++) {
          if (reverse) assert.equal(ws[i]!.to, ws[i - 1]!.from);
          else assert.equal(ws[i]!.from, ws[i - 1]!.to);
        }
      },
    ),
  );
});

test('time windows: a one-window store and a start past the end', () => {
  assert.deepEqual([...timeWindows({ min: 5n, max: 5n, start: 5n, reverse: true })], [{}]);
  const ws = [...timeWindows({ min: 0n, max: 6399n, start: 6399n, reverse: true, parts: 64 })];
  assert.deepEqual(ws[0], { from: 6300n });
  assert.deepEqual(ws[1], { from: 5900n, to: 6300n });
  assert.deepEqual(ws.at(-1), { to: ws.at(-2)!.from });
});
