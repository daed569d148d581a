import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { WorkerPool, WorkerPoolError, type WorkerPoolFailure } from './worker-pool.js';

// The pool over real worker threads (a fixture worker run through tsx); the
// built server's pool (dist/transpile-worker.cjs) is exercised by
// test/e2e/serve-workers.test.ts.
type Task = { echo: string } | { spinMs: number } | { allocMb: number } | { throw: string } | { exit: number };
const entry = new URL('../../../test/fixtures/worker-pool/worker.ts', import.meta.url);

const pools: WorkerPool<Task, string>[] = [];
after(() => Promise.all(pools.map((p) => p.close())));
function pool(opts: { size?: number; maxQueue?: number; timeoutMs?: number; maxHeapMb?: number } = {}) {
  const replaced: WorkerPoolFailure[] = [];
  const p = new WorkerPool<Task, string>({
    entry,
    size: opts.size ?? 1,
    maxQueue: opts.maxQueue ?? 8,
    timeoutMs: opts.timeoutMs ?? 20_000,
    maxHeapMb: opts.maxHeapMb ?? 256,
    onReplace: (reason) => replaced.push(reason),
  });
  pools.push(p);
  return { p, replaced };
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => assert.fail('expected the task to fail'),
    (err: unknown) => {
      assert.ok(err instanceof WorkerPoolError, String(err));
      return err;
    },
  );

describe('WorkerPool', () => {
  test('runs tasks; a full queue refuses at once with busy; a thrown error is failed and keeps the worker', async () => {
    const { p, replaced } = pool({ maxQueue: 2 });
    assert.equal(await p.run({ echo: 'a' }), 'a');
    const running = p.run({ spinMs: 300 });
    const queued = [p.run({ echo: 'b' }), p.run({ echo: 'c' })];
    assert.equal(p.saturated, true);
    const refused = await failure(p.run({ echo: 'd' }));
    assert.equal(refused.kind, 'busy');
    assert.ok(p.retryAfterSeconds() >= 1);
    assert.deepEqual(await Promise.all([running, ...queued]), ['spun', 'b', 'c']);
    const thrown = await failure(p.run({ throw: 'boom' }));
    assert.deepEqual([thrown.kind, thrown.message], ['failed', 'boom']);
    assert.equal(await p.run({ echo: 'e' }), 'e');
    assert.deepEqual(replaced, []);
  });

  test('a task over its time is stopped with timeout and the worker replaced; queued tasks then run', async () => {
    const { p, replaced } = pool({ timeoutMs: 300 });
    const t0 = performance.now();
    const overrun = failure(p.run({ spinMs: 60_000 }));
    const next = p.run({ echo: 'after' });
    const err = await overrun;
    assert.equal(err.kind, 'timeout');
    assert.ok(performance.now() - t0 < 5000, 'stopped near its budget, not when the spin ends');
    assert.equal(await next, 'after');
    assert.deepEqual(replaced, ['timeout']);
    assert.equal(p.stats.replaced, 1);
  });

  test('a task over its memory is stopped with memory and the worker replaced', async () => {
    const { p, replaced } = pool({ maxHeapMb: 64 });
    const err = await failure(p.run({ allocMb: 1024 }));
    assert.equal(err.kind, 'memory', err.message);
    assert.equal(await p.run({ echo: 'alive' }), 'alive');
    assert.deepEqual(replaced, ['memory']);
  });

  test('a worker that exits is crashed, and replaced', async () => {
    const { p, replaced } = pool();
    const err = await failure(p.run({ exit: 7 }));
    assert.equal(err.kind, 'crashed');
    assert.match(err.message, /exit code 7/);
    assert.equal(await p.run({ echo: 'again' }), 'again');
    assert.deepEqual(replaced, ['crashed']);
  });

  test('an entry that cannot start fails the waiting tasks instead of respawning forever', async () => {
    const p = new WorkerPool<Task, string>({
      entry: new URL('./no-such-worker.ts', import.meta.url),
      size: 1,
      maxQueue: 4,
      timeoutMs: 1000,
      maxHeapMb: 64,
    });
    pools.push(p);
    const err = await failure(p.run({ echo: 'x' }));
    assert.equal(err.kind, 'crashed');
    assert.match(err.message, /cannot start/);
  });

  test('close fails queued tasks with closed and refuses new ones', async () => {
    const { p } = pool();
    const running = failure(p.run({ spinMs: 2000 }));
    const queued = failure(p.run({ echo: 'never' }));
    await p.close();
    assert.equal((await running).kind, 'closed');
    assert.equal((await queued).kind, 'closed');
    assert.equal((await failure(p.run({ echo: 'late' }))).kind, 'closed');
  });
});
