import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from './virtual-clock.js';

const idle = (): Promise<void> => new Promise((r) => setImmediate(r));

test('timers fire in time order, ties in the order they were set; the clock ends at the end', async () => {
  const c = new VirtualClock(1000);
  const seen: string[] = [];
  c.at(3000, () => seen.push(`b@${c.now()}`));
  c.at(2000, () => seen.push(`a@${c.now()}`));
  c.at(3000, () => seen.push(`c@${c.now()}`));
  c.at(9000, () => seen.push('late'));
  await c.run(5000, idle);
  assert.deepEqual(seen, ['a@2000', 'b@3000', 'c@3000']);
  assert.equal(c.now(), 5000);
});

test('sleep resolves at its virtual time; an abort rejects it and its timer never fires', async () => {
  const c = new VirtualClock(0);
  const log: string[] = [];
  const ac = new AbortController();
  void c.sleep(50_000).then(() => log.push(`slept ${c.now()}`));
  void c.sleep(10_000, ac.signal).then(
    () => log.push('not aborted'),
    (e: Error) => log.push(`aborted: ${e.message}`),
  );
  c.at(5_000, () => ac.abort(new Error('stop')));
  await c.run(60_000, idle);
  assert.deepEqual(log, ['aborted: stop', 'slept 50000']);
});

test('time does not move while tracked IO is in flight: a chain of real awaits finishes before the next timer', async () => {
  const c = new VirtualClock(0);
  const log: string[] = [];
  c.at(1, () => {
    void c.track(async () => {
      // Real IO of the event loop (a macrotask, then another), not a virtual timer.
      await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setImmediate(r));
      log.push(`io done at ${c.now()}`);
      c.at(c.now() + 5, () => log.push(`after io at ${c.now()}`));
    });
  });
  c.at(2, () => log.push(`timer at ${c.now()}`));
  await c.run(100, idle);
  assert.deepEqual(log, ['io done at 1', 'timer at 2', 'after io at 6']);
});
