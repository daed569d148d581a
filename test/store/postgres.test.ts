import assert from 'node:assert/strict';
import { freePort } from '../../src/adapters/node/free-port.js';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { MIGRATIONS, openStore } from '../../src/adapters/db/index.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { assertAppError, storeConformance, type BadInputCase } from './store-conformance.js';

// One real server for this file, started before any test and stopped after
// all of them, whatever happened in between. If it cannot start (e.g. the
// binaries are missing), every test that needs it FAILS with the reason.
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

test('a real PostgreSQL server runs for these tests', async () => {
  const client = new pg.Client({ connectionString: pgServer().url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
    assert.match(rows[0]?.v ?? '', /^\d+/);
  } finally {
    await client.end();
  }
});

/** A TCP port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
const closedPort = freePort;

const SECRET = 'hunter2-Secret';

const badInputs: BadInputCase[] = [
  {
    title: 'a port nothing listens on',
    open: async () => openStore({ databaseUrl: `postgres://hull:${SECRET}@127.0.0.1:${await closedPort()}/hull` }),
    code: 'STORE_OPEN_FAILED',
    message: [
      /while opening the store at postgres:\/\/hull:\*\*\*@127\.0\.0\.1:\d+\/hull: cannot connect/,
      /connection refused/,
      /ECONNREFUSED/,
    ],
    secrets: [SECRET],
  },
  {
    title: 'a URL whose port is not a number',
    open: () => openStore({ databaseUrl: `postgres://hull:${SECRET}@127.0.0.1:notaport/hull` }),
    code: 'STORE_OPEN_FAILED',
    message: [/malformed database URL/, /postgres:\/\/hull:\*\*\*@127\.0\.0\.1:notaport\/hull/],
    secrets: [SECRET],
  },
  {
    title: 'a URL that is not a URL',
    open: () => openStore({ databaseUrl: `postgresql://hull:${SECRET}@[oops` }),
    code: 'STORE_OPEN_FAILED',
    message: [/malformed database URL/],
    secrets: [SECRET],
  },
  {
    title: 'a password with a broken percent-escape',
    open: () => openStore({ databaseUrl: `postgres://hull:${SECRET}%zz@127.0.0.1:5432/hull` }),
    code: 'STORE_OPEN_FAILED',
    message: [/malformed database URL/],
    secrets: [SECRET],
  },
  {
    title: 'a URL of another database',
    open: () => openStore({ databaseUrl: `mysql://hull:${SECRET}@127.0.0.1/hull` }),
    code: 'STORE_OPEN_FAILED',
    message: [/unsupported database URL/, /postgres:\/\//],
    secrets: [SECRET],
  },
  {
    title: 'a database that does not exist',
    open: () =>
      openStore({
        databaseUrl: pgServer()
          .url.replace(/\/hull_test$/, '/no_such_db')
          .replace('postgres@', `postgres:${SECRET}@`),
      }),
    code: 'STORE_OPEN_FAILED',
    message: [/cannot connect/, /database "no_such_db" does not exist/],
    secrets: [SECRET],
  },
  {
    title: 'a role that does not exist',
    open: () => openStore({ databaseUrl: pgServer().url.replace('postgres@', `nobody_here:${SECRET}@`) }),
    code: 'STORE_OPEN_FAILED',
    message: [/cannot connect/, /role "nobody_here" does not exist/],
    secrets: [SECRET],
  },
];

storeConformance({
  name: 'postgres (pg)',
  dialect: 'postgres',
  database: true,
  persistent: true,
  concurrentOpenInProcess: true,
  async fresh() {
    const databaseUrl = await pgServer().createDatabase();
    return { open: (options) => openStore({ ...options, databaseUrl }) };
  },
  badInputs,
});

describe('postgres store specifics', () => {
  test('a password in the URL is used but never shown', async () => {
    const url = (await pgServer().createDatabase()).replace('postgres@', `postgres:${SECRET}@`);
    const store = await openStore({ databaseUrl: url });
    try {
      assert.equal(store.location, url.replace(SECRET, '***'));
      assert.deepEqual(
        await store.appliedMigrations(),
        MIGRATIONS.map((m) => m.name),
      );
    } finally {
      await store.close();
    }
  });

  test('connects over the unix socket too', async () => {
    const db = (await pgServer().createDatabase()).split('/').at(-1);
    const { socketDir, port } = pgServer();
    const store = await openStore({ databaseUrl: `postgresql://postgres@/${db}?host=${socketDir}&port=${port}` });
    try {
      await store.ping();
      assert.equal(store.dialect, 'postgres');
    } finally {
      await store.close();
    }
  });

  test('close ends every connection the store opened', async () => {
    const url = await pgServer().createDatabase();
    const db = url.split('/').at(-1);
    const store = await openStore({ databaseUrl: url, poolSize: 5 });
    await Promise.all(Array.from({ length: 20 }, () => store.incrementMeta('n')));
    const admin = new pg.Client({ connectionString: pgServer().url });
    await admin.connect();
    try {
      const count = async () =>
        Number(
          (
            await admin.query<{ n: string }>(
              "select count(*) as n from pg_stat_activity where datname = $1 and application_name = 'hull'",
              [db],
            )
          ).rows[0]?.n,
        );
      assert.ok((await count()) >= 1, 'the store holds connections while open');
      await store.close();
      // The server notices disconnections asynchronously; give it a moment.
      for (let i = 0; i < 50 && (await count()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(await count(), 0);
    } finally {
      await admin.end();
    }
  });

  test('a server that goes away after open turns queries into STORE_QUERY_FAILED, not a crash', async () => {
    const own = await startPostgres({ database: 'going_away' });
    let store;
    try {
      store = await openStore({ databaseUrl: own.url, connectTimeoutMs: 2000 });
      await store.setMeta('k', 'v');
    } finally {
      await own.stop();
    }
    try {
      const err = await store.getMeta('k').then(
        () => assert.fail('the query succeeded'),
        (e: unknown) => e,
      );
      assertAppError(err, 'STORE_QUERY_FAILED', /while reading meta key "k"/);
      const ping = await store.ping().then(
        () => assert.fail('ping succeeded'),
        (e: unknown) => e,
      );
      assertAppError(ping, 'STORE_QUERY_FAILED', /while pinging the database/);
    } finally {
      await store.close();
    }
  });
});
