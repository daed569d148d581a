import { dbTokenRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { systemClock } from '../../src/core/index.js';
import { buildApp } from '../../src/http/app.js';
import { recordStart } from '../../src/http/server-facts.js';
import { postgresForFile } from '../helpers/postgres.js';
import { accessCases, injectClient, socketClient, type AccessSetup } from './access-cases.js';

// The management API's access rules and request validation on SQLite and a
// real PostgreSQL, each in process (inject) and over a socket (the app
// listening on a free loopback port). The real binary's first start:
// test/e2e/serve-tokens.test.ts.
const pg = postgresForFile('access');

async function setup(open: () => Promise<DbStore>, over: 'inject' | 'socket'): Promise<AccessSetup> {
  const store = await open();
  const tokens = dbTokenRepository(store, systemClock);
  const app = await buildApp({ store, facts: await recordStart(store, '9.9.9', () => 'i'), tokens });
  let send = injectClient(app);
  if (over === 'socket') send = socketClient(await app.listen({ host: '127.0.0.1', port: 0 }));
  return {
    send,
    tokens,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

const sqlite = () => openStore({ dataDir: pg.tempDir() });
const postgres = async () => openStore({ databaseUrl: await pg.database(), poolSize: 4 });

accessCases('sqlite, in process', () => setup(sqlite, 'inject'));
accessCases('sqlite, over a socket', () => setup(sqlite, 'socket'));
accessCases('postgres, in process', () => setup(postgres, 'inject'));
accessCases('postgres, over a socket', () => setup(postgres, 'socket'));
