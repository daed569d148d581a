/**
 * The FleetLock server under load: 50 lockers (Zincati-like: pre-reboot until
 * it is granted, hold, steady-state until it is acknowledged) against a group
 * of 2 slots, served by two real `hull serve` processes (the built CLI) at
 * once, the lockers spread over both.
 * - On the store: both replicas on one PostgreSQL database. Checked from the
 *   store's history of the key (fleetlock_kv_history, every revision).
 * - On etcd v3 (`--fleetlock-etcd`, 3 members): the etcd leader is killed
 *   (SIGKILL, by PID) during the run and restarted. Checked from etcd's
 *   revisions of the key (the value at each revision it changed).
 * At no revision more than 2 holders, every locker held the lock, the run ends
 * with none, nothing hangs (each locker has a deadline; each test < 60 s).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Etcd3 } from 'etcd3';
import pg from 'pg';
import { airlockKey, parseSlots } from '../../src/reboot/fleetlock/semaphore.js';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { runHull, startServer, type RunningServer } from '../helpers/hull.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';

const LOCKERS = 50;
const SLOTS = 2;
const HOLD_MS = 40;
const DEADLINE_MS = 45_000;
const GROUP = 'load';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const jittered = (ms: number): number => Math.round(ms * (0.5 + Math.random() / 2));

const dirs: string[] = [];
const servers: RunningServer[] = [];
let postgres: PostgresServer | undefined;
let etcd: EtcdCluster | undefined;
after(async () => {
  for (const s of servers) await s.stop();
  await postgres?.stop();
  await etcd?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hull-fleetlock-load-'));
  dirs.push(d);
  return d;
};

const SERVE_FLAGS = ['--listen', '127.0.0.1:0', '--transpile-workers', '1', '--max-connections-per-ip', '0'];

async function post(
  url: string,
  op: 'pre-reboot' | 'steady-state',
  id: string,
): Promise<{ status: number; kind?: string }> {
  const r = await fetch(`${url}/v1/${op}`, {
    method: 'POST',
    headers: { 'fleet-lock-protocol': 'true', 'content-type': 'application/json' },
    body: JSON.stringify({ client_params: { id, group: GROUP } }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await r.text();
  return { status: r.status, ...(text !== '' ? { kind: (JSON.parse(text) as { kind: string }).kind } : {}) };
}

/** One machine as Zincati behaves: lock until granted, hold, unlock until acknowledged. */
async function locker(id: string, url: string, deadline: number): Promise<void> {
  let pause = 20;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${id}: no lock before the deadline`);
    const r = await post(url, 'pre-reboot', id).catch((e: unknown) => ({ status: 0, kind: String(e) }));
    if (r.status === 200) break;
    if (r.status !== 500 && r.status !== 0) throw new Error(`${id}: pre-reboot answered ${r.status} ${r.kind}`);
    await sleep(jittered(pause));
    pause = Math.min(pause * 2, 300);
  }
  await sleep(HOLD_MS);
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${id}: could not unlock before the deadline`);
    const r = await post(url, 'steady-state', id).catch((e: unknown) => ({ status: 0, kind: String(e) }));
    if (r.status === 200) return;
    await sleep(jittered(50));
  }
}

async function runLockers(urls: readonly string[], onProgress?: (done: number) => void): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  let done = 0;
  const runs = Array.from({ length: LOCKERS }, (_, i) =>
    locker(`machine-${String(i).padStart(2, '0')}`, urls[i % urls.length]!, deadline).then(() => {
      done++;
      onProgress?.(done);
    }),
  );
  const results = await Promise.allSettled(runs);
  assert.deepEqual(
    results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
    [],
  );
  assert.equal(done, LOCKERS);
}

/** The values of the key, revision by revision: never over SLOTS, all lockers seen, none at the end. */
function checkHistory(values: ReadonlyArray<{ revision: number; value: string }>): void {
  const seen = new Set<string>();
  let most = 0;
  for (const v of values) {
    const s = parseSlots(v.value);
    assert.ok(s.ok, v.value);
    if (!s.ok) return;
    assert.ok(s.value.holders.length <= SLOTS, `revision ${v.revision}: ${v.value}`);
    assert.equal(s.value.totalSlots, SLOTS);
    most = Math.max(most, s.value.holders.length);
    for (const h of s.value.holders) seen.add(h);
  }
  assert.equal(seen.size, LOCKERS, 'every locker appears as a holder in the history');
  assert.equal(most, SLOTS, 'the group was used to its slots');
  // The creation, then one lock and one unlock per locker (a lock retried after a lost answer writes nothing).
  assert.equal(values.length, 1 + 2 * LOCKERS);
  assert.equal(values.at(-1)?.value, `{"total_slots":${SLOTS},"holders":[]}`);
}

test('FleetLock on the store: 50 lockers, 2 slots, two hull serve replicas on one PostgreSQL', {
  timeout: 60_000,
}, async () => {
  postgres = await startPostgres();
  const url = await postgres.createDatabase('fleetlock_load');
  const set = runHull(['fleetlock', 'group', 'set', GROUP, String(SLOTS), '--database', url]);
  assert.equal(set.status, 0, set.stderr);
  const a = await startServer([...SERVE_FLAGS, '--data-dir', tempDir(), '--database', url]);
  servers.push(a);
  const b = await startServer([...SERVE_FLAGS, '--data-dir', tempDir(), '--database', url]);
  servers.push(b);
  await runLockers([a.url, b.url]);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (
      await client.query<{ revision: number; value: string }>(
        'select revision, value from fleetlock_kv_history where key = $1 order by revision',
        [airlockKey(GROUP)],
      )
    ).rows;
    assert.deepEqual(
      rows.map((r) => Number(r.revision)),
      rows.map((_, i) => i + 1),
      'the history has every revision',
    );
    checkHistory(rows.map((r) => ({ revision: Number(r.revision), value: r.value })));
  } finally {
    await client.end();
  }
  const list = runHull(['fleetlock', 'group', 'list', '--database', url]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^load +2 +-$/m);
});

async function leaderIndex(cluster: EtcdCluster): Promise<number> {
  for (let i = 0; i < cluster.members.length; i++) {
    try {
      const r = await fetch(`${cluster.members[i]!.clientUrl}/v2/stats/self`, { signal: AbortSignal.timeout(1000) });
      if (((await r.json()) as { state?: string }).state === 'StateLeader') return i;
    } catch {
      // a member down: not the leader
    }
  }
  return 0;
}

test('FleetLock on etcd v3: 50 lockers, 2 slots, two hull serve replicas, the etcd leader killed and restarted', {
  timeout: 60_000,
}, async () => {
  etcd = await startEtcd({ members: 3 });
  const cluster = etcd;
  const replicas: RunningServer[] = [];
  const dataDirs: string[] = [];
  for (let i = 0; i < 2; i++) {
    const data = tempDir();
    dataDirs.push(data);
    // Each replica keeps its groups in its own store here; the semaphore is etcd's.
    const set = runHull(['fleetlock', 'group', 'set', GROUP, String(SLOTS), '--data-dir', data]);
    assert.equal(set.status, 0, set.stderr);
    const s = await startServer([...SERVE_FLAGS, '--data-dir', data, '--fleetlock-etcd', cluster.endpoints.join(',')]);
    servers.push(s);
    replicas.push(s);
  }
  let killedAt = -1;
  let restartedAt = -1;
  let progress = 0;
  const chaos = (async () => {
    while (progress < 10) await sleep(20);
    const victim = cluster.members[await leaderIndex(cluster)]!;
    killedAt = progress;
    await victim.kill();
    await sleep(1500);
    await victim.restart();
    restartedAt = progress;
  })();
  await runLockers(
    replicas.map((r) => r.url),
    (d) => (progress = d),
  );
  await chaos;
  assert.ok(
    killedAt >= 10 && killedAt < LOCKERS && restartedAt < LOCKERS,
    `the member failed during the run (done at kill ${killedAt}, at restart ${restartedAt})`,
  );

  const client = new Etcd3({ hosts: [...cluster.endpoints] });
  try {
    const key = airlockKey(GROUP);
    const last = (await client.get(key).exec()).kvs[0];
    assert.ok(last !== undefined);
    const values: Array<{ revision: number; value: string }> = [];
    for (let rev = Number(last.create_revision); rev <= Number(last.mod_revision); rev++) {
      const kv = (await client.get(key).revision(rev).exec()).kvs[0];
      if (kv !== undefined && Number(kv.mod_revision) === rev)
        values.push({ revision: rev, value: kv.value.toString('utf8') });
    }
    checkHistory(values);
  } finally {
    client.close();
  }
  // hull fleetlock group list reads the holders from etcd too.
  const list = runHull([
    'fleetlock',
    'group',
    'list',
    '--data-dir',
    dataDirs[0]!,
    '--fleetlock-etcd',
    cluster.endpoints.join(','),
  ]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^load +2 +-$/m);
});
