// update_engine's check timing as a table (random fixed at 0, 0.5 and just below 1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstCheckDelay, MINUTE, nextCheck, payloadBackoffMs } from './schedule.js';

const lo = () => 0;
const mid = () => 0.5;
const hi = () => 0.999999;
const H = 60 * MINUTE;

test('first check 7 min ± 5', () => {
  assert.deepEqual(
    [firstCheckDelay(lo), firstCheckDelay(mid), Math.round(firstCheckDelay(hi) / 1000)],
    [2 * MINUTE, 7 * MINUTE, 12 * 60],
  );
});

test('next check: 45 ± 5 min; PollInterval clamped 45 min..4 h, ± interval/2; doubling after 500/503 capped at 4 h', () => {
  const rows: [Parameters<typeof nextCheck>[0], number, number][] = [
    [{ lastIntervalMs: 45 * MINUTE }, 45 * MINUTE, 10 * MINUTE],
    [{ lastIntervalMs: 45 * MINUTE, httpStatus: 200 }, 45 * MINUTE, 10 * MINUTE],
    [{ lastIntervalMs: 45 * MINUTE, pollIntervalSec: 60 }, 45 * MINUTE, 10 * MINUTE],
    [{ lastIntervalMs: 45 * MINUTE, pollIntervalSec: 2 * 3600 }, 2 * H, 2 * H],
    [{ lastIntervalMs: 45 * MINUTE, pollIntervalSec: 10 * 3600 }, 4 * H, 4 * H],
    [{ lastIntervalMs: 45 * MINUTE, httpStatus: 500 }, 90 * MINUTE, 90 * MINUTE],
    [{ lastIntervalMs: 90 * MINUTE, httpStatus: 503, pollIntervalSec: 60 }, 180 * MINUTE, 180 * MINUTE],
    [{ lastIntervalMs: 3 * H, httpStatus: 500 }, 4 * H, 4 * H],
    [{ lastIntervalMs: 45 * MINUTE, httpStatus: 404 }, 45 * MINUTE, 10 * MINUTE],
  ];
  for (const [last, interval, fuzz] of rows) {
    const n = nextCheck(last, mid);
    assert.deepEqual([n.intervalMs, n.fuzzMs, n.delayMs], [interval, fuzz, interval], JSON.stringify(last));
    assert.equal(nextCheck(last, lo).delayMs, interval - fuzz / 2);
    assert.ok(Math.abs(nextCheck(last, hi).delayMs - (interval + fuzz / 2)) < 1000);
  }
});

test('payload backoff: 2^(n-1) days up to 16, ± 6 h', () => {
  const D = 24 * H;
  assert.deepEqual(
    [1, 2, 3, 5, 9].map((n) => payloadBackoffMs(n, mid)),
    [D, 2 * D, 4 * D, 16 * D, 16 * D],
  );
  assert.equal(payloadBackoffMs(0, mid), 0);
  assert.equal(payloadBackoffMs(1, lo), D - 6 * H);
});
