import { dbTokenRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { MemoryTokenRepository } from '../../src/adapters/memory/token-repository.js';
import { postgresForFile } from '../helpers/postgres.js';
import { ManualClock, tokenConformance, type TokenTarget } from './token-conformance.js';

// The token repository's suite on the in-memory fake, SQLite and a real PostgreSQL.
const pg = postgresForFile('tokens');

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
    const dir = pg.tempDir();
    // One store per file in a process (docs/store.md): no second store here;
    // concurrent first starts on SQLite are run by test/e2e/serve-tokens.test.ts.
    return dbTarget(() => openStore({ dataDir: dir }), false);
  },
});

tokenConformance({
  name: 'postgres',
  async fresh() {
    const url = await pg.database();
    return dbTarget(() => openStore({ databaseUrl: url, poolSize: 4 }), true);
  },
});
