/**
 * The SQLite journal's indexer (migration 0008, docs/journal.md#the-store):
 * an append commits the entry rows and answers; the match index and the
 * full-text rows follow. Proven here: right after an append the entries are
 * rows but not yet indexed, and a query still finds them (it indexes first);
 * left alone, the indexer catches up within a second; entries appended just
 * before the store closes (as a SIGKILL would leave them) are indexed after
 * reopening, each exactly once; a 0007 store migrates with its entries
 * counted as indexed.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { dbJournalRepository, MIGRATIONS, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { bytesOf, entryOf, type JournalEntry, type MatchExpr } from '../../src/journal/index.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hull-journal-indexer-'));
  dirs.push(d);
  return d;
};

const entry = (k: number): JournalEntry =>
  entryOf([
    ['__CURSOR', `s=1;i=${k}`],
    ['__REALTIME_TIMESTAMP', String(1_700_000_000_000_000 + k)],
    ['_TRANSPORT', k % 2 === 0 ? 'journal' : 'stdout'],
    ['_SYSTEMD_UNIT', 'a.service'],
    ...(k % 10 === 0 ? [['_SYSTEMD_UNIT', 'second.service'] as [string, string]] : []),
    ['MESSAGE', k % 100 === 7 ? `kernel: segfault at ${k}` : `message number ${k}`],
  ]);
const f = (name: string, value: string): MatchExpr => ({ kind: 'field', name, value: bytesOf(value) });
const one = async (store: DbStore, text: string): Promise<number> =>
  Number(Object.values((await store.db.executeQuery(CompiledQuery.raw(text, []))).rows[0] as object)[0]);
const indexedRows = (store: DbStore) => one(store, 'select count(*) from journal_terms');
const mark = (store: DbStore) => one(store, 'select through from journal_index_mark');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('an append answers before indexing; a query indexes first and finds every entry; left alone the indexer catches up', async () => {
  const store = await openStore({ dataDir: tempDir() });
  try {
    const repo = dbJournalRepository(store);
    const r = await repo.append(
      'h',
      Array.from({ length: 2500 }, (_, k) => entry(k)),
      1n,
    );
    assert.equal(r.stored.length, 2500);
    assert.equal(await one(store, 'select count(*) from journal_entries'), 2500, 'the rows are there at once');
    assert.equal(await indexedRows(store), 0, 'the indexes follow');
    assert.equal((await repo.query({ where: f('_TRANSPORT', 'journal') })).entries.length, 1250);
    assert.equal(await indexedRows(store), 2500, 'the query indexed first');
    assert.equal(
      (await repo.query({ where: f('_SYSTEMD_UNIT', 'second.service') })).entries.length,
      250,
      "a column field's second value",
    );
    assert.equal((await repo.query({ grep: { source: 'segfault at', flags: '' } })).entries.length, 25);
    // Left alone (no query), the indexer runs after the appends pause.
    await repo.append(
      'h',
      Array.from({ length: 1500 }, (_, k) => entry(3000 + k)),
      2n,
    );
    const t0 = Date.now();
    while ((await mark(store)) < 4000 && Date.now() - t0 < 5000) await sleep(20);
    assert.equal(await indexedRows(store), 4000);
    assert.ok(Date.now() - t0 < 1000, `indexed within ${Date.now() - t0} ms`);
  } finally {
    await store.close();
  }
});

test('entries stored but not indexed when the store closes are indexed after reopening, each once', async () => {
  const dir = tempDir();
  let store = await openStore({ dataDir: dir });
  await dbJournalRepository(store).append(
    'h',
    Array.from({ length: 1200 }, (_, k) => entry(k)),
    1n,
  );
  await store.close(); // before the indexer's first step
  store = await openStore({ dataDir: dir });
  try {
    assert.equal(await indexedRows(store), 0);
    const repo = dbJournalRepository(store);
    assert.equal(
      (await repo.query({ where: f('_TRANSPORT', 'stdout'), grep: { source: 'number', flags: '' } })).entries.length,
      600 - 12,
    ); // odd k, without the 12 segfault messages (k % 100 = 7)
    await repo.indexed();
    assert.equal(await indexedRows(store), 1200);
    assert.equal(await one(store, 'select count(*) from journal_text'), 1200);
    assert.equal(await mark(store), 1200);
  } finally {
    await store.close();
  }
});

test('0008_journal_index_mark: the entries of a 0007 store count as indexed (the mark starts at the largest id)', async () => {
  const dir = tempDir();
  const old = await openStore({ dataDir: dir, migrations: MIGRATIONS.slice(0, 7) });
  const exec = (text: string, params: unknown[] = []) => old.db.executeQuery(CompiledQuery.raw(text, params));
  await exec(
    `insert into journal_entries (id, host, realtime, received_at, size, data) values (41, 'h', 1, 1, 1, x'00'), (42, 'h', 2, 1, 1, x'00')`,
  );
  await old.close();
  const store = await openStore({ dataDir: dir });
  try {
    assert.equal(await mark(store), 42);
  } finally {
    await store.close();
  }
});
