/**
 * Migration 0007_journal_hosts on a data dir written with 0006's layout (no
 * per-host summary): the store opens, migrates, and `hosts()` — now read from
 * the summary — gives each host's count, bytes, first/last time and boots as
 * the entries say; every entry is still there; appends and deletes after the
 * migration keep the summary true.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { dbJournalRepository, MIGRATIONS, openStore } from '../../src/adapters/db/index.js';
import { toRow } from '../../src/adapters/db/journal/rows.js';
import { entryOf, type JournalEntry } from '../../src/journal/index.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const entry = (k: number, host: string): JournalEntry =>
  entryOf([
    ['__CURSOR', `s=${host};i=${k}`],
    ...(k === 5 ? [] : [['__REALTIME_TIMESTAMP', String(1_700_000_000_000_000 + k)] as [string, string]]),
    ...(k === 6 ? [] : [['_BOOT_ID', `boot-${host}-${k % 3}`] as [string, string]]),
    ['_SYSTEMD_UNIT', 'a.service'],
    ['MESSAGE', `message number ${k} of ${host}`],
  ]);

test('0007_journal_hosts: a 0006 data dir migrates; hosts() from the summary equals the entries; appends and deletes keep it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hull-journal-hosts-'));
  dirs.push(dir);
  // 0006's layout, written as 0006's repository wrote it (the entry row and its full-text row).
  const old = await openStore({ dataDir: dir, migrations: MIGRATIONS.slice(0, 6) });
  assert.deepEqual((await old.appliedMigrations()).at(-1), '0006_journal_lean');
  const exec = (text: string, params: unknown[] = []) => old.db.executeQuery(CompiledQuery.raw(text, params));
  let id = 0;
  let bytes = 0;
  for (const host of ['h1', 'h2', 'h3']) {
    for (let k = 0; k < (host === 'h3' ? 1 : 10); k++) {
      const r = toRow(entry(k, host));
      id++;
      if (host === 'h1') bytes += r.size;
      await exec(
        'insert into journal_entries (id, host, realtime, received_at, cursor, boot_id, unit, identifier, priority, message, size, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [id, host, r.realtime, 1, r.cursor, r.bootId, r.unit, r.identifier, r.priority, null, r.size, r.data],
      );
      await exec('insert into journal_text (rowid, message) values (?, ?)', [id, r.message]);
    }
  }
  await old.close();

  const store = await openStore({ dataDir: dir });
  try {
    assert.ok((await store.appliedMigrations()).includes('0007_journal_hosts'));
    const repo = dbJournalRepository(store);
    const T = 1_700_000_000_000_000n;
    const summary = async () =>
      (await repo.hosts()).map((h) => [h.host, h.entries, h.boots, h.firstRealtime, h.lastRealtime]);
    assert.deepEqual(await summary(), [
      ['h1', 10, 3, T, T + 9n],
      ['h2', 10, 3, T, T + 9n],
      ['h3', 1, 1, T, T],
    ]);
    assert.equal((await repo.hosts())[0]!.bytes, bytes);
    assert.equal((await repo.query({})).entries.length, 21, 'no entry lost');
    assert.equal((await repo.query({ grep: { source: 'number 7 of h2', flags: '' } })).entries.length, 1);
    // An append (one repeat, one new boot, a later time) and a delete after the migration.
    const more = await repo.append('h3', [entry(0, 'h3'), entry(20, 'h3')], 2n);
    assert.equal(more.duplicates, 1);
    assert.deepEqual((await summary()).at(-1), ['h3', 2, 2, T, T + 20n]);
    assert.equal(await repo.deleteHost('h2'), 10);
    assert.deepEqual(
      (await summary()).map((h) => h[0]),
      ['h1', 'h3'],
    );
    const pruned = await repo.prune({ before: T + 4n });
    assert.equal(pruned.deletedByAge, 6); // h1's 0–3, h1's 5 (no time, received long ago) and h3's 0
    assert.deepEqual(await summary(), [
      ['h1', 5, 3, T + 4n, T + 9n],
      ['h3', 1, 1, T + 20n, T + 20n],
    ]);
  } finally {
    await store.close();
  }
});
