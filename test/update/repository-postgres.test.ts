import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { dbUpdateRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { updateRepositoryConformance } from './repository-conformance.js';

// One real PostgreSQL server for this file; each test gets a new database,
// copied from one that the store migrated once (a template copy is much faster
// than running the migrations again). If the server cannot start (binaries
// missing), every test FAILS saying why.
let server: PostgresServer | undefined;
let startError: unknown;
let template: string | undefined;
before(async () => {
  try {
    server = await startPostgres();
    template = 'update_template';
    const store = await openStore({ databaseUrl: await server.createDatabase(template) });
    await store.close();
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

let copies = 0;
/** A new database holding the migrated, seeded schema; its URL. */
async function migratedDatabase(): Promise<string> {
  const { url } = pgServer();
  const name = `update_${++copies}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create database ${name} template ${template}`);
  } finally {
    await client.end();
  }
  return url.replace(/\/[^/]*$/, `/${name}`);
}

test('a real PostgreSQL server runs for these tests', () => {
  assert.ok(pgServer().port > 0);
});

updateRepositoryConformance({
  name: 'PostgreSQL store',
  concurrentGroups: true,
  async fresh() {
    const store = await openStore({ databaseUrl: await migratedDatabase() });
    return { repo: dbUpdateRepository(store), close: () => store.close() };
  },
  async twoServers() {
    const url = await migratedDatabase();
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
