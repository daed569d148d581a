import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { withStatementCache } from './sqlite-statement-cache.js';
import type { AnyTables } from './untyped-db.js';

test('prepare answers a statement seen before from the cache; the least recently used leaves first', () => {
  const raw = new Database(':memory:');
  let prepared = 0;
  const counting = {
    close: () => raw.close(),
    prepare: (s: string) => {
      prepared++;
      return raw.prepare(s);
    },
  };
  const db = withStatementCache(counting, 2);
  const a = db.prepare('select 1 as a');
  assert.equal(db.prepare('select 1 as a'), a);
  const b = db.prepare('select 2 as b');
  db.prepare('select 1 as a'); // a is now the most recent
  db.prepare('select 3 as c'); // evicts b
  assert.equal(prepared, 3);
  assert.equal(db.prepare('select 1 as a'), a);
  assert.notEqual(db.prepare('select 2 as b'), b, 'b was evicted and is prepared again');
  assert.equal(prepared, 4);
  db.close();
  assert.equal(raw.open, false);
});

test('a cached statement sees schema changes and gives the same answers through Kysely', async () => {
  const raw = new Database(':memory:');
  const k = new Kysely<AnyTables>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  await sql`create table t (id integer primary key, v text)`.execute(k);
  for (let i = 0; i < 3; i++)
    await k
      .insertInto('t')
      .values({ id: i, v: `v${i}` })
      .execute();
  const all = () => k.selectFrom('t').selectAll().orderBy('id').execute();
  assert.deepEqual(await all(), [
    { id: 0, v: 'v0' },
    { id: 1, v: 'v1' },
    { id: 2, v: 'v2' },
  ]);
  await sql`alter table t add column w text default 'x'`.execute(k);
  assert.deepEqual((await all())[0], { id: 0, v: 'v0', w: 'x' }, 'the cached select * re-prepared itself');
  const updated = await k.updateTable('t').set({ v: 'z' }).where('id', '>', 0).executeTakeFirst();
  assert.equal(updated.numUpdatedRows, 2n);
  const streamed: unknown[] = [];
  for await (const row of k.selectFrom('t').select('id').orderBy('id').stream()) {
    streamed.push(row);
    if (streamed.length === 2) break;
  }
  assert.deepEqual(streamed, [{ id: 0 }, { id: 1 }]);
  assert.deepEqual(
    (await all()).map((r) => r.v),
    ['v0', 'z', 'z'],
    'the statement a stream left is usable again',
  );
  await k.destroy();
});
