import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryKvStore } from '../adapters/memory/kv-store.js';
import { semaphoreKey } from './keys.js';
import { RebootLock } from './reboot-lock.js';

const KEY = semaphoreKey('');

test('each operation is create-if-absent, get, then compare-and-swap', async () => {
  const kv = new MemoryKvStore();
  assert.deepEqual(await new RebootLock(kv, KEY).status(), {
    ok: true,
    value: { semaphore: 1, max: 1, holders: null },
  });
  assert.deepEqual(kv.calls, ['create', 'get']);
  kv.calls.length = 0;
  assert.ok((await new RebootLock(kv, KEY).setMax(2)).ok);
  const lock = new RebootLock(kv, KEY);
  assert.ok((await lock.lock('m1')).ok);
  assert.deepEqual(kv.calls, ['create', 'get', 'cas', 'create', 'get', 'cas']);
  kv.calls.length = 0;
  assert.ok((await lock.unlock('m1')).ok);
  assert.deepEqual(kv.calls, ['get', 'cas'], 'the key is created once per lock object');
  assert.deepEqual(
    kv.history.map((h) => h.value),
    [
      '{"semaphore":1,"max":1,"holders":null}',
      '{"semaphore":2,"max":2,"holders":null}',
      '{"semaphore":1,"max":2,"holders":["m1"]}',
      '{"semaphore":2,"max":2,"holders":[]}',
    ],
  );
});

test('refusals and a corrupt value are failures, nothing written', async () => {
  const kv = new MemoryKvStore();
  const lock = new RebootLock(kv, KEY);
  await lock.lock('a');
  assert.deepEqual(await lock.lock('b'), {
    ok: false,
    failure: { kind: 'semaphore-at', message: 'semaphore is at 0' },
  });
  assert.deepEqual(await lock.unlock('b'), {
    ok: false,
    failure: { kind: 'holder-not-exist', message: 'holder does not exist' },
  });
  kv.set(KEY, 'garbage');
  const n = kv.history.length;
  assert.deepEqual(await lock.lock('b'), {
    ok: false,
    failure: { kind: 'corrupt', message: "invalid character 'g' looking for beginning of value" },
  });
  assert.equal(kv.history.length, n);
});

test('a CAS conflict fails without retry (locksmithctl), and is retried with backoff when asked', async () => {
  const kv = new MemoryKvStore();
  const plain = new RebootLock(kv, KEY);
  await plain.setMax(5);
  let competing = 2;
  kv.beforeCas = (key) => {
    if (competing-- > 0) kv.set(key, '{"semaphore":5,"max":5,"holders":[]}');
  };
  const r = await plain.lock('x');
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.failure.message, /^101: Compare failed/);

  competing = 2;
  const sleeps: number[] = [];
  const retrying = new RebootLock(kv, KEY, {
    initialMs: 100,
    maxMs: 150,
    attempts: 5,
    sleep: async (ms) => void sleeps.push(ms),
  });
  assert.deepEqual(await retrying.lock('x'), { ok: true, value: { semaphore: 4, max: 5, holders: ['x'] } });
  assert.deepEqual(sleeps, [100, 150]);
});
