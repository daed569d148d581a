import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryKvStore } from '../adapters/memory/kv-store.js';
import type { Strategy } from './config.js';
import { semaphoreKey } from './keys.js';
import { createRebootManager, etcdLockPort, type RebootManager } from './manager.js';
import { RebootLock } from './reboot-lock.js';
import { parseWindow } from './window.js';

const KEY = semaphoreKey('');
const ME = 'me';

interface World {
  kv: MemoryKvStore;
  now: number;
  sleeps: number[];
  states: string[];
  reboots: number;
  manager: RebootManager;
  /** Called after each fake sleep (the outside world moving on). */
  onSleep?: (n: number) => void;
}

function world(
  strategy: Strategy,
  opts: { window?: [string, string]; start?: Date; setup?: (kv: MemoryKvStore) => void } = {},
): World {
  const kv = new MemoryKvStore();
  opts.setup?.(kv);
  const w = {} as World;
  const window =
    opts.window === undefined
      ? undefined
      : (() => {
          const r = parseWindow(...opts.window!);
          if (!r.ok) throw new Error(r.message);
          return r.window;
        })();
  Object.assign(w, {
    kv,
    now: (opts.start ?? new Date(2025, 0, 1, 12, 0)).getTime(),
    sleeps: [],
    states: [],
    reboots: 0,
  });
  w.manager = createRebootManager({
    strategy,
    window,
    clock: { now: () => new Date(w.now) },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      w.sleeps.push(ms / 1000);
      w.now += ms;
      w.onSleep?.(w.sleeps.length);
    },
    lock: etcdLockPort(new RebootLock(kv, KEY), ME),
    coordinator: async (text) => void w.states.push(/STATE=(.*)/.exec(text)?.[1] ?? text),
  });
  return w;
}

const reboot = (w: World) => async (): Promise<void> => void w.reboots++;
const value = (w: World): string | undefined => w.kv.history.filter((h) => h.key === KEY).at(-1)?.value;

test('strategy reboot, no window: reboots at once, no lock', async () => {
  const w = world('reboot');
  await w.manager.rebootNeeded(reboot(w), new AbortController().signal);
  assert.equal(w.reboots, 1);
  assert.deepEqual(w.sleeps, []);
  assert.deepEqual(w.states, ['reboot-planned', 'rebooting']);
  assert.deepEqual(w.kv.calls, []);
});

test('strategy reboot, outside the window: sleeps to its start (local time), then reboots', async () => {
  const w = world('reboot', { window: ['Thu 23:00', '1h30m'] }); // 2025-01-01 12:00 is a Wednesday
  await w.manager.rebootNeeded(reboot(w), new AbortController().signal);
  assert.deepEqual(w.sleeps, [35 * 3600]);
  assert.equal(new Date(w.now).getDay(), 4);
  assert.equal(w.reboots, 1);
});

test('etcd-lock: waits for a free slot with backoff, reboots holding it, releases it after the boot', async () => {
  const w = world('etcd-lock', {
    setup: (kv) => kv.set(KEY, '{"semaphore":0,"max":1,"holders":["other"]}'),
  });
  w.onSleep = (n) => {
    if (n === 3) w.kv.set(KEY, '{"semaphore":1,"max":1,"holders":[]}'); // the other machine is back
  };
  await w.manager.rebootNeeded(reboot(w), new AbortController().signal);
  assert.deepEqual(w.sleeps, [10, 20, 40]);
  assert.equal(w.reboots, 1);
  assert.equal(value(w), '{"semaphore":0,"max":1,"holders":["me"]}');
  assert.deepEqual(w.states, ['reboot-planned', 'rebooting']);
  await w.manager.booted(new AbortController().signal);
  assert.equal(value(w), '{"semaphore":1,"max":1,"holders":[]}');
  assert.deepEqual(w.states, ['reboot-planned', 'rebooting', 'starting', 'running']);
});

test('etcd-lock: a lock this machine still holds is dropped before locking (locksmith#58)', async () => {
  const w = world('etcd-lock', { setup: (kv) => kv.set(KEY, '{"semaphore":0,"max":1,"holders":["me"]}') });
  await w.manager.rebootNeeded(reboot(w), new AbortController().signal);
  assert.deepEqual(w.sleeps, []);
  assert.deepEqual(
    w.kv.history.map((h) => h.value),
    [
      '{"semaphore":0,"max":1,"holders":["me"]}',
      '{"semaphore":1,"max":1,"holders":[]}',
      '{"semaphore":0,"max":1,"holders":["me"]}',
    ],
  );
});

test('etcd-lock: etcd failing is retried with backoff, the window re-checked after each failure', async () => {
  const w = world('etcd-lock', { window: ['11:00', '1h'], start: new Date(2025, 0, 1, 11, 59, 50) });
  w.kv.failNext = 3; // create (unlock-first), create (lock), …
  await w.manager.rebootNeeded(reboot(w), new AbortController().signal);
  // 11:59:50 unlock fails → 10 s → 12:00:00 (the end is inside) fails → 20 s → 12:00:20 outside →
  // sleep to tomorrow 11:00 → fails → 10 s → unlock, lock, reboot at 11:00:10.
  assert.deepEqual(w.sleeps, [10, 20, 82_780, 10]);
  assert.equal(w.reboots, 1);
  const at = new Date(w.now);
  assert.deepEqual([at.getDate(), at.getHours(), at.getMinutes(), at.getSeconds()], [2, 11, 0, 10]);
  assert.deepEqual(w.states, ['reboot-planned', 'reboot-planned', 'rebooting']);
});

test('booted: the release is retried with backoff until etcd answers; nothing held is fine', async () => {
  const w = world('etcd-lock', { setup: (kv) => kv.set(KEY, '{"semaphore":0,"max":1,"holders":["me"]}') });
  w.kv.failNext = 2;
  await w.manager.booted(new AbortController().signal);
  assert.deepEqual(w.sleeps, [10, 20]);
  assert.equal(value(w), '{"semaphore":1,"max":1,"holders":[]}');
  await w.manager.booted(new AbortController().signal); // not held any more
  assert.equal(value(w), '{"semaphore":1,"max":1,"holders":[]}');
});

test('off: never reboots, never writes coordinator.conf; rejects only on abort', async () => {
  const w = world('off');
  const ac = new AbortController();
  const p = w.manager.rebootNeeded(reboot(w), ac.signal);
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(settled, false);
  ac.abort(new Error('stop'));
  await assert.rejects(p, /stop/);
  assert.equal(w.reboots, 0);
  assert.deepEqual(w.states, []);
});

test('abort while waiting for the lock: rejects, no reboot', async () => {
  const w = world('etcd-lock', { setup: (kv) => kv.set(KEY, '{"semaphore":0,"max":1,"holders":["other"]}') });
  const ac = new AbortController();
  w.onSleep = (n) => {
    if (n === 2) ac.abort(new Error('agent stopping'));
  };
  await assert.rejects(w.manager.rebootNeeded(reboot(w), ac.signal), /agent stopping/);
  assert.equal(w.reboots, 0);
});

test('etcd-lock or fleetlock without a lock port is a config error', () => {
  for (const strategy of ['etcd-lock', 'fleetlock'] as const) {
    assert.throws(
      () =>
        createRebootManager({
          strategy,
          window: undefined,
          clock: { now: () => new Date() },
          sleep: async () => undefined,
        }),
      (e: unknown) => e instanceof Error && 'code' in e && e.code === 'REBOOT_CONFIG_INVALID',
    );
  }
});

test("the manager has the shape of the update agent's RebootManager port (docs/agent.md)", async () => {
  // A copy of the port as the agent declares it; this area must not import the agent.
  interface AgentRebootManager {
    rebootNeeded(reboot: () => Promise<void>, signal: AbortSignal): Promise<void>;
    booted(signal: AbortSignal): Promise<void>;
  }
  const m: AgentRebootManager = createRebootManager({
    strategy: 'reboot',
    window: undefined,
    clock: { now: () => new Date() },
    sleep: async () => undefined,
  });
  let rebooted = false;
  await m.rebootNeeded(async () => void (rebooted = true), new AbortController().signal);
  await m.booted(new AbortController().signal);
  assert.equal(rebooted, true);
});
