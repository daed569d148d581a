import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RealClock } from './real-clock.js';

test('the real clock: starts at the given instant, runs `speed` times faster, fires timers in time order, never early', async () => {
  const c = new RealClock(1_000_000, 200);
  assert.ok(c.now() - 1_000_000 < 200 * 20);
  const fired: Array<[string, number]> = [];
  c.at(1_000_000 + 4_000, () => fired.push(['b', c.now()]));
  c.at(1_000_000 + 2_000, () => fired.push(['a', c.now()]));
  const t0 = Date.now();
  await c.sleep(6_000);
  assert.ok(Date.now() - t0 < 1_000, `6 s at 200× took ${Date.now() - t0} ms`);
  assert.deepEqual(
    fired.map(([k]) => k),
    ['a', 'b'],
  );
  assert.ok(fired[0]![1] >= 1_002_000 && fired[1]![1] >= 1_004_000, JSON.stringify(fired));
  assert.equal(c.fired, 3);
});

test("the real clock: an aborted sleep rejects with the reason; a cancelled timer does not fire; run ends at its end and clears what is left (a timer past setTimeout's 24.8-day limit does not fire at once)", async () => {
  const c = new RealClock(0, 1000);
  const stop = new AbortController();
  const slept = c.sleep(60_000_000, stop.signal);
  stop.abort(new Error('over'));
  await assert.rejects(slept, /over/);
  let cancelledFired = false;
  const t = c.at(500, () => (cancelledFired = true));
  t.cancelled = true;
  let farFired = false;
  const far = new RealClock(0, 1);
  far.at(40 * 86_400_000, () => (farFired = true));
  const t0 = Date.now();
  await c.run(2_000, async () => {});
  assert.ok(c.now() >= 2_000);
  assert.ok(Date.now() - t0 < 1_000);
  assert.equal(cancelledFired, false);
  let late = false;
  c.at(c.now() + 10, () => (late = true));
  await c.run(c.now() + 50, async () => {});
  assert.equal(late, true);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(farFired, false);
  await far.run(
    Number.MAX_SAFE_INTEGER,
    async () => {},
    () => true,
  ); // clears its timer
});

test('the real clock: run stops early when told', async () => {
  const c = new RealClock(0, 1);
  let n = 0;
  const t0 = Date.now();
  await c.run(
    3_600_000,
    async () => {},
    () => ++n > 2,
  );
  assert.ok(Date.now() - t0 < 1_000);
});
