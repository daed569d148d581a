/**
 * Under load, with a member failing: 50 lockers against a semaphore of max 2
 * on a 3-member loopback etcd cluster; the leader is killed (SIGKILL, by PID)
 * while they run and restarted. Checked from etcd's own history of the key
 * (the v2 event log, read back with waitIndex from the key's creation to its
 * last modification): no stored value ever has more than 2 holders, the count
 * always equals max − holders, every locker got the lock, the run ends with no
 * holder, and nothing hangs (each locker has a deadline; the test < 60 s).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EtcdV2KvStore } from '../../src/adapters/etcd/v2-keys.js';
import { AppError } from '../../src/core/index.js';
import { semaphoreKey } from '../../src/reboot/keys.js';
import { RebootLock } from '../../src/reboot/reboot-lock.js';
import { parseSemaphore } from '../../src/reboot/semaphore.js';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';

const LOCKERS = 50;
const MAX = 2;
const HOLD_MS = 40;
const DEADLINE_MS = 45_000;

let etcd: EtcdCluster;
before(async () => {
  etcd = await startEtcd({ members: 3 });
});
after(() => etcd?.stop());

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const jittered = (ms: number): number => Math.round(ms * (0.5 + Math.random() / 2));

async function leaderIndex(): Promise<number> {
  for (let i = 0; i < etcd.members.length; i++) {
    try {
      const r = await fetch(`${etcd.members[i]!.clientUrl}/v2/stats/self`, { signal: AbortSignal.timeout(1000) });
      if (((await r.json()) as { state?: string }).state === 'StateLeader') return i;
    } catch {
      // a member down: not the leader
    }
  }
  return 0;
}

/** One machine: lock (retrying until it holds), hold, unlock (retrying until released). */
async function locker(id: string, endpoints: readonly string[], key: string, deadline: number): Promise<void> {
  const kv = new EtcdV2KvStore({ endpoints, timeoutMs: 1500 });
  const lock = new RebootLock(kv, key, { initialMs: 10, maxMs: 200, attempts: 50, jitter: 0.5, sleep });
  let pause = 20;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${id}: no lock before the deadline`);
    try {
      const r = await lock.lock(id);
      // "holder exists": an earlier attempt was applied but its answer was lost with the member.
      if (r.ok || r.failure.kind === 'holder-exists') break;
      if (r.failure.kind !== 'semaphore-at' && r.failure.kind !== 'conflict')
        throw new Error(`${id}: ${r.failure.message}`);
    } catch (e) {
      // etcd unreachable or answering an error while a member is down: try again.
      if (!(e instanceof AppError) || !e.code.startsWith('ETCD_')) throw e;
    }
    await sleep(jittered(pause));
    pause = Math.min(pause * 2, 300);
  }
  await sleep(HOLD_MS);
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${id}: could not unlock before the deadline`);
    try {
      const r = await lock.unlock(id);
      if (r.ok || r.failure.kind === 'holder-not-exist') return;
    } catch {
      // an endpoint went away mid-request: try again
    }
    await sleep(jittered(50));
  }
}

test('50 lockers, max 2, the leader of a 3-member cluster killed and restarted: never more than 2 holders, all served', {
  timeout: 60_000,
}, async () => {
  const key = semaphoreKey('load');
  const setup = new RebootLock(new EtcdV2KvStore({ endpoints: etcd.endpoints }), key);
  const sm = await setup.setMax(MAX);
  assert.ok(sm.ok);

  const deadline = Date.now() + DEADLINE_MS;
  let done = 0;
  let doneAtKill = -1;
  let doneAtRestart = -1;
  const runs = Array.from({ length: LOCKERS }, (_, i) => {
    // Each locker starts at a different member, so some talk to the one that dies.
    const eps = [...etcd.endpoints.slice(i % 3), ...etcd.endpoints.slice(0, i % 3)];
    return locker(`machine-${String(i).padStart(2, '0')}`, eps, key, deadline).then(() => void done++);
  });
  const chaos = (async () => {
    while (done < 10) await sleep(20);
    const victim = etcd.members[await leaderIndex()]!;
    doneAtKill = done;
    await victim.kill();
    await sleep(1500);
    await victim.restart();
    doneAtRestart = done;
  })();
  const results = await Promise.allSettled([...runs, chaos]);
  const failures = results
    .filter((r) => r.status === 'rejected')
    .map((r) => String((r as PromiseRejectedResult).reason));
  assert.deepEqual(failures, []);
  assert.equal(done, LOCKERS);
  assert.ok(
    doneAtKill >= 10 && doneAtKill < LOCKERS && doneAtRestart < LOCKERS,
    `the member failed during the run (done at kill ${doneAtKill}, at restart ${doneAtRestart})`,
  );

  // etcd's history of the key, event by event.
  const url = `${etcd.endpoints[0]}/v2/keys/${key.split('/').map(encodeURIComponent).join('/')}`;
  const last = (await (await fetch(`${url}?quorum=true`)).json()) as {
    node: { createdIndex: number; modifiedIndex: number; value: string };
  };
  const holdersSeen = new Set<string>();
  let events = 0;
  let maxHolders = 0;
  for (let i = last.node.createdIndex; i <= last.node.modifiedIndex; ) {
    const ev = (await (
      await fetch(`${url}?wait=true&waitIndex=${i}`, { signal: AbortSignal.timeout(5000) })
    ).json()) as {
      node: { modifiedIndex: number; value: string };
    };
    const sem = parseSemaphore(ev.node.value);
    assert.ok(sem.ok, ev.node.value);
    if (!sem.ok) break;
    const holders = sem.value.holders ?? [];
    assert.ok(holders.length <= MAX, `index ${ev.node.modifiedIndex}: ${ev.node.value}`);
    assert.equal(
      sem.value.semaphore,
      sem.value.max - holders.length,
      `index ${ev.node.modifiedIndex}: ${ev.node.value}`,
    );
    maxHolders = Math.max(maxHolders, holders.length);
    for (const h of holders) holdersSeen.add(h);
    events++;
    i = ev.node.modifiedIndex + 1;
  }
  assert.equal(holdersSeen.size, LOCKERS, 'every locker appears as a holder in the history');
  assert.equal(maxHolders, MAX, 'the semaphore was used to its maximum');
  // create + set-max + one lock and one unlock per locker.
  assert.equal(events, 2 + 2 * LOCKERS);
  assert.equal(last.node.value, '{"semaphore":2,"max":2,"holders":[]}');
});
