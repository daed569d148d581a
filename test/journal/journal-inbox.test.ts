/**
 * The SQLite journal's inbox (migration 0009, docs/journal.md#the-store): the
 * receiver's batches are stored as they came and answered; the indexer moves
 * them into journal_entries. Proven here: right after `receive` the batch is
 * an inbox row and no entry yet, and a query finds its entries (it moves
 * first); rows a stopped server left are moved by the next one, with no
 * query asking; rows moved by another process on the same store (as `hull
 * journal --data-dir` does) leave the receiver's own later batches told as
 * before; a backlog past `inboxMaxBytes` makes `receive` move entries first.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { dbJournalRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { MemoryJournalRepository } from '../../src/adapters/memory/index.js';
import {
  entryOf,
  entrySize,
  serializeEntries,
  type AppendResult,
  type ExportBatch,
  type JournalEntry,
} from '../../src/journal/index.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hull-journal-inbox-'));
  dirs.push(d);
  return d;
};

const entry = (k: number): JournalEntry =>
  entryOf([
    ['__CURSOR', `s=1;i=${k}`],
    ['__REALTIME_TIMESTAMP', String(1_700_000_000_000_000 + k)],
    ['_SYSTEMD_UNIT', 'a.service'],
    ['MESSAGE', `message number ${k}`],
  ]);
const batch = (from: number, n: number): ExportBatch => {
  const entries = Array.from({ length: n }, (_, i) => entry(from + i));
  return { bytes: serializeEntries(entries), entries: n, dataBytes: entries.reduce((s, e) => s + entrySize(e), 0) };
};
const one = async (store: DbStore, text: string): Promise<number> =>
  Number(Object.values((await store.db.executeQuery(CompiledQuery.raw(text, []))).rows[0] as object)[0]);
const inboxRows = (store: DbStore) => one(store, 'select count(*) from journal_inbox');
const entryRows = (store: DbStore) => one(store, 'select count(*) from journal_entries');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a received batch is an inbox row at once; a query moves it first and finds every entry, exactly once', async () => {
  const store = await openStore({ dataDir: tempDir() });
  try {
    const repo = dbJournalRepository(store);
    const told: AppendResult[] = [];
    await repo.receive('h', batch(0, 300), 1n, (r) => told.push(r));
    assert.equal(await inboxRows(store), 1, 'stored as one row');
    assert.equal(await entryRows(store), 0, 'the entries follow');
    await repo.sync();
    await repo.receive('h', batch(250, 100), 2n, (r) => told.push(r)); // 50 repeats
    const page = await repo.query({ limit: 1000 });
    assert.equal(page.entries.length, 350);
    assert.equal(await inboxRows(store), 0);
    assert.deepEqual(
      told.map((r) => [r.stored.length, r.duplicates]),
      [
        [300, 0],
        [100 - 50, 50],
      ],
    );
  } finally {
    await store.close();
  }
});

test('rows a stopped server left in the inbox are moved by the next one, with no query asking', async () => {
  const dir = tempDir();
  const first = await openStore({ dataDir: dir });
  // As a server killed right after its answer leaves it: the row, nothing moved.
  const b = batch(0, 40);
  await first.db.executeQuery(
    CompiledQuery.raw('insert into journal_inbox (host, received_at, entries, data) values (?, ?, ?, ?)', [
      'h',
      5n,
      b.entries,
      Buffer.from(b.bytes),
    ]),
  );
  await first.close();
  const store = await openStore({ dataDir: dir });
  try {
    dbJournalRepository(store);
    for (let i = 0; i < 100 && (await inboxRows(store)) > 0; i++) await sleep(50);
    assert.equal(await inboxRows(store), 0, 'moved within 5 s');
    assert.equal(await entryRows(store), 40);
  } finally {
    await store.close();
  }
});

test('rows moved by another process on the store: the receiver still hears of its later batches', async () => {
  const dir = tempDir();
  const store = await openStore({ dataDir: dir });
  const other = await openStore({ dataDir: dir });
  try {
    const repo = dbJournalRepository(store);
    const told: string[] = [];
    await repo.receive('h', batch(0, 10), 1n, () => told.push('first'));
    await repo.sync();
    // `hull journal --data-dir` reads the same store meanwhile: its query moves the row.
    assert.equal((await dbJournalRepository(other).query({})).entries.length, 10);
    await repo.receive('h', batch(10, 10), 2n, () => told.push('second'));
    await repo.indexed();
    assert.deepEqual(told, ['second']);
    assert.equal(await entryRows(store), 20);
  } finally {
    await other.close();
    await store.close();
  }
});

test('a backlog past inboxMaxBytes: receive moves entries before it stores more', async () => {
  const store = await openStore({ dataDir: tempDir() });
  try {
    const repo = dbJournalRepository(store, { inboxMaxBytes: 1, indexMaxLagMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      await repo.receive('h', batch(i * 100, 100), 1n);
      assert.ok((await inboxRows(store)) <= 1, `at most one row waits (after batch ${i})`);
    }
    assert.ok((await entryRows(store)) >= 400);
  } finally {
    await store.close();
  }
});

test('the WAL is checkpointed as it grows: receiving, moving and appending leave the auto-checkpoint as it was', async () => {
  const dir = tempDir();
  const store = await openStore({ dataDir: dir });
  try {
    const pragma = (name: string) => one(store, `pragma ${name}`);
    const configured = await pragma('wal_autocheckpoint');
    assert.ok(configured > 0, 'SQLite checkpoints by itself');
    const repo = dbJournalRepository(store);
    const big = (k: number): JournalEntry =>
      entryOf([
        ['__CURSOR', `s=2;i=${k}`],
        ['__REALTIME_TIMESTAMP', String(1_700_000_000_000_000 + k)],
        ['MESSAGE', `entry ${k} ${'x'.repeat(2000)}`],
      ]);
    // About 24 MB through the inbox and the append: many times the auto-checkpoint's 1000 pages.
    for (let r = 0; r < 20; r++) {
      const entries = Array.from({ length: 400 }, (_, i) => big(r * 1000 + i));
      await repo.receive('h', { bytes: serializeEntries(entries), entries: entries.length, dataBytes: 0 }, 1n);
      await repo.sync();
      await repo.append(
        'g',
        Array.from({ length: 200 }, (_, i) => big(r * 1000 + 500 + i)),
        1n,
      );
    }
    assert.equal((await repo.query({})).entries.length, 20 * 600);
    assert.equal(await pragma('wal_autocheckpoint'), configured, 'restored after every transaction');
    assert.equal(await pragma('synchronous'), 1, 'NORMAL between transactions');
    const wal = statSync(join(dir, 'hull.sqlite-wal')).size;
    const file = statSync(join(dir, 'hull.sqlite')).size;
    assert.ok(file > 24_000_000, `the entries reached the database file (${file} bytes)`);
    assert.ok(wal < 16_000_000, `the WAL stays near its checkpoint size (${wal} bytes)`);
  } finally {
    await store.close();
  }
});

test('a throwing onStored does not fail the move, the read waiting for it, or the receive (memory store too)', async () => {
  const store = await openStore({ dataDir: tempDir() });
  try {
    const repos = [dbJournalRepository(store), new MemoryJournalRepository()];
    for (const repo of repos) {
      const boom = () => {
        throw new Error('a listener failed');
      };
      await repo.receive('h', batch(5000, 40), 1n, boom);
      await repo.receive('h', batch(5040, 10), 2n, boom);
      assert.equal((await repo.query({ limit: 1000 })).entries.length, 50, repo.constructor.name);
    }
  } finally {
    await store.close();
  }
});
