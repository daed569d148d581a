import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openStore } from '../../src/adapters/db/index.js';
import { dbKvStore } from '../../src/adapters/db/index.js';
import { etcdV3KvStore } from '../../src/adapters/etcd/v3-kv.js';
import { systemClock } from '../../src/core/index.js';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { postgresForFile } from '../helpers/postgres.js';
import { runHull } from '../helpers/hull.js';
import { body, fleet, fleetLockCases, startServer } from './fleetlock-server-cases.js';

// The FleetLock server in process (a real listening app), with its semaphores
// in the store on SQLite, on a real PostgreSQL, and on a real etcd v3.
const pg = postgresForFile('fleetlock');
let etcd: EtcdCluster | undefined;
after(() => etcd?.stop());

fleetLockCases('SQLite', async () => {
  const store = await openStore({ dataDir: pg.tempDir() });
  return { store, kv: dbKvStore(store, systemClock), close: () => store.close() };
});

fleetLockCases('PostgreSQL', async () => {
  const store = await openStore({ databaseUrl: await pg.database(), poolSize: 4 });
  return { store, kv: dbKvStore(store, systemClock), close: () => store.close() };
});

fleetLockCases('etcd v3 (groups in SQLite)', async () => {
  etcd ??= await startEtcd();
  const store = await openStore({ dataDir: pg.tempDir() });
  const kv = await etcdV3KvStore({ endpoints: etcd.endpoints });
  return {
    store,
    kv,
    async close() {
      kv.close();
      await store.close();
    },
  };
});

test('etcd unreachable: the FleetLock routes answer failed_sem_init, the API FLEETLOCK_LOCK_FAILED, nothing hangs', { timeout: 30_000 }, async (t) => {
  const store = await openStore({ dataDir: pg.tempDir() });
  const kv = await etcdV3KvStore({ endpoints: ['http://127.0.0.1:1'] });
  const s = await startServer({
    store,
    kv,
    async close() {
      kv.close();
      await store.close();
    },
  });
  t.after(() => s.close());
  const r = await fleet(s.url, 'pre-reboot', body('a', 'default'));
  assert.equal(r.status, 500);
  assert.equal(r.json?.kind, 'failed_sem_init');
  assert.match(r.json!.value, /etcd v3 at http:\/\/127\.0\.0\.1:1/);
  const api = await fetch(`${s.url}/api/v1/fleetlock/groups/default`, { headers: { authorization: `Bearer ${s.viewer}` } });
  assert.equal(api.status, 503);
  assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'FLEETLOCK_LOCK_FAILED');
  // /metrics still answers: a group whose holders cannot be read counts 0.
  assert.equal((await fetch(`${s.url}/metrics`)).status, 200);
});

test('hull serve --fleetlock-etcd: a value that is not a list of URLs is a usage error', () => {
  const r = runHull(['serve', '--listen', '127.0.0.1:0', '--data-dir', pg.tempDir(), '--fleetlock-etcd', 'localhost:2379']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /USAGE: --fleetlock-etcd: "localhost:2379" is not an http:\/\/ or https:\/\/ URL of an etcd member/);
});
