import { after } from 'node:test';
import { openStore } from '../../src/adapters/db/index.js';
import { dbKvStore } from '../../src/adapters/db/index.js';
import { etcdV3KvStore } from '../../src/adapters/etcd/v3-kv.js';
import { systemClock } from '../../src/core/index.js';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { postgresForFile } from '../helpers/postgres.js';
import { fleetLockCases } from './fleetlock-server-cases.js';

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
