import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { dbTokenRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { systemClock } from '../../src/core/index.js';
import { buildApp } from '../../src/http/app.js';
import { recordStart } from '../../src/http/server-facts.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { accessCases, injectClient, socketClient, type AccessSetup } from './access-cases.js';

// The management API's access rules and request validation on SQLite and a
// real PostgreSQL, each in process (inject) and over a socket (the app
// listening on a free loopback port). The real binary's first start:
// test/e2e/serve-tokens.test.ts.
const dirs: string[] = [];
let pg: PostgresServer | undefined;
let pgError: unknown;
before(async () => {
  try {
    pg = await startPostgres();
  } catch (err) {
    pgError = err;
  }
});
after(async () => {
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

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

const sqlite = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hull-access-'));
  dirs.push(dir);
  return openStore({ dataDir: dir });
};
let n = 0;
const postgres = async () => {
  if (pg === undefined) throw pgError ?? new Error('the PostgreSQL test server did not start');
  return openStore({ databaseUrl: await pg.createDatabase(`access_${++n}`), poolSize: 4 });
};

accessCases('sqlite, in process', () => setup(sqlite, 'inject'));
accessCases('sqlite, over a socket', () => setup(sqlite, 'socket'));
accessCases('postgres, in process', () => setup(postgres, 'inject'));
accessCases('postgres, over a socket', () => setup(postgres, 'socket'));
