import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { dbTokenRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { MemoryTokenRepository } from '../../src/adapters/memory/token-repository.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { ManualClock, tokenConformance, type TokenTarget } from './token-conformance.js';

// The token repository's suite on the in-memory fake, SQLite and a real PostgreSQL.
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

async function dbTarget(open: () => Promise<DbStore>, twoStores: boolean): Promise<TokenTarget> {
  const clock = new ManualClock();
  const store = await open();
  const extra: DbStore[] = [];
  return {
    tokens: dbTokenRepository(store, clock),
    clock,
    async storedText() {
      const rows = await store.db.selectFrom('auth_tokens').selectAll().execute();
      return JSON.stringify(rows);
    },
    ...(twoStores
      ? {
          async second() {
            const s = await open();
            extra.push(s);
            return dbTokenRepository(s, clock);
          },
        }
      : {}),
    async close() {
      for (const s of extra) await s.close();
      await store.close();
    },
  };
}

tokenConformance({
  name: 'memory',
  async fresh() {
    const clock = new ManualClock();
    return { tokens: new MemoryTokenRepository(clock), clock, close: async () => {} };
  },
});

tokenConformance({
  name: 'sqlite',
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'hull-tokens-'));
    dirs.push(dir);
    // One store per file in a process (docs/store.md): no second store here;
    // concurrent first starts on SQLite are run by test/e2e/serve-tokens.test.ts.
    return dbTarget(() => openStore({ dataDir: dir }), false);
  },
});

let pgDatabases = 0;
tokenConformance({
  name: 'postgres',
  async fresh() {
    if (pg === undefined) throw pgError ?? new Error('the PostgreSQL test server did not start');
    const url = await pg.createDatabase(`tokens_${++pgDatabases}`);
    return dbTarget(() => openStore({ databaseUrl: url, poolSize: 4 }), true);
  },
});
