import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dbUpdateRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { updateRepositoryConformance } from './repository-conformance.js';

// One real PostgreSQL server for this file; each test gets a new database.
// If the server cannot start (binaries missing), every test FAILS saying why.
let server: PostgresServer | undefined;
let startError: unknown;
before(async () => {
  try {
    server = await startPostgres();
  } catch (err) {
    startError = err;
  }
});
after(async () => {
  await server?.stop();
});

function pgServer(): PostgresServer {
  if (startError !== undefined) throw startError;
  assert.ok(server, 'the PostgreSQL test server did not start');
  return server;
}

test('a real PostgreSQL server runs for these tests', () => {
  assert.ok(pgServer().port > 0);
});

updateRepositoryConformance({
  name: 'PostgreSQL store',
  concurrentGroups: true,
  async fresh() {
    const store = await openStore({ databaseUrl: await pgServer().createDatabase() });
    return { repo: dbUpdateRepository(store), close: () => store.close() };
  },
  async twoServers() {
    const url = await pgServer().createDatabase();
    const stores: DbStore[] = [await openStore({ databaseUrl: url }), await openStore({ databaseUrl: url })];
    return {
      a: dbUpdateRepository(stores[0]!),
      b: dbUpdateRepository(stores[1]!),
      close: async () => {
        await Promise.all(stores.map((s) => s.close()));
      },
    };
  },
});
