/**
 * Migration 0006_journal_lean on a data dir written with 0005's layout (the
 * journal as main had it: journal_entry_values rows, a positional FTS5 table
 * with a delete trigger): the store opens, migrates, and the entries answer
 * the same queries through the new match index and full-text table; deleting
 * a host removes its index rows too; appends after the migration join them.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { dbJournalRepository, MIGRATIONS, openStore } from '../../src/adapters/db/index.js';
import { toRow } from '../../src/adapters/db/journal/rows.js';
import { bytesOf, entryOf, type JournalEntry, type MatchExpr } from '../../src/journal/index.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const f = (name: string, value: string): MatchExpr => ({ kind: 'field', name, value: bytesOf(value) });
const entry = (k: number, host: string): JournalEntry =>
  entryOf([
    ['__CURSOR', `s=${host};i=${k}`],
    ['__REALTIME_TIMESTAMP', String(1_700_000_000_000_000 + k)],
    ['_HOSTNAME', host],
    ['_SYSTEMD_UNIT', k % 2 === 0 ? 'a.service' : 'b.service'],
    ['_SYSTEMD_UNIT', 'second.service'],
    ['_TRANSPORT', k % 3 === 0 ? 'journal' : 'stdout'],
    ['MESSAGE', k === 7 ? 'kernel: segfault at 0000' : `message number ${k}`],
  ]);

test('0006_journal_lean: a 0005 data dir migrates; its entries answer field, second-value and full-text queries; delete clears the index', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hull-journal-lean-'));
  dirs.push(dir);
  // 0005's layout, written as 0005's repository wrote it.
  const old = await openStore({ dataDir: dir, migrations: MIGRATIONS.slice(0, 5) });
  const exec = (text: string, params: unknown[] = []) => old.db.executeQuery(CompiledQuery.raw(text, params));
  const values = new Map<string, number>();
  let id = 0;
  for (const host of ['h1', 'h2']) {
    for (let k = 0; k < 10; k++) {
      const r = toRow(entry(k, host));
      id++;
      await exec(
        'insert into journal_entries (id, host, realtime, received_at, cursor, boot_id, unit, identifier, priority, message, size, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [id, host, r.realtime, 1, r.cursor, r.bootId, r.unit, r.identifier, r.priority, r.message, r.size, r.data],
      );
      await exec('insert into journal_fts (rowid, message) values (?, ?)', [id, r.message]);
      for (const [name, value] of r.indexed) {
        const key = `${name}=${Buffer.from(value).toString('latin1')}`;
        if (!values.has(key)) {
          await exec('insert into journal_values (id, name, value) values (?, ?, ?)', [
            values.size + 1,
            name,
            Buffer.from(value),
          ]);
          values.set(key, values.size + 1);
        }
        await exec('insert or ignore into journal_entry_values (entry_id, value_id) values (?, ?)', [
          id,
          values.get(key),
        ]);
      }
    }
  }
  await old.close();

  const store = await openStore({ dataDir: dir });
  try {
    assert.ok((await store.appliedMigrations()).includes('0006_journal_lean'));
    const repo = dbJournalRepository(store);
    const count = async (where: MatchExpr | undefined, grep?: string) =>
      (await repo.query({ ...(where ? { where } : {}), ...(grep ? { grep: { source: grep, flags: '' } } : {}) }))
        .entries.length;
    assert.equal(await count(undefined), 20);
    assert.equal(await count(f('_TRANSPORT', 'journal')), 8); // k = 0, 3, 6, 9 on two hosts: the match index
    assert.equal(await count(f('_SYSTEMD_UNIT', 'second.service')), 20); // a column field's second value: the match index
    assert.equal(await count(f('_SYSTEMD_UNIT', 'a.service')), 10);
    assert.equal(await count(f('_TRANSPORT', 'never')), 0);
    assert.equal(await count(undefined, 'segfault at'), 2); // full text
    assert.equal(
      await count({ kind: 'and', of: [{ kind: 'host', host: 'h2' }, f('_TRANSPORT', 'journal')] }, 'message'),
      4,
    );
    // New appends join the old entries in both indexes; a repeat of an old cursor is one.
    const more = await repo.append('h1', [entry(9, 'h1'), entry(11, 'h1')], 2n);
    assert.equal(more.duplicates, 1);
    assert.equal(await count(f('_TRANSPORT', 'stdout')), 13);
    assert.equal(await count(undefined, 'number 11'), 1);
    // Deleting a host removes its rows from the match index and the full-text table.
    assert.equal(await repo.deleteHost('h1'), 11);
    const n = async (q: string) =>
      Number(((await store.db.executeQuery(CompiledQuery.raw(q))).rows[0] as { n: number }).n);
    assert.equal(await n(`select count(*) as n from journal_terms where journal_terms match 'v1'`), 0); // _HOSTNAME=h1 (id 1)
    assert.equal(await n('select count(*) as n from journal_terms'), 10); // h2's entries
    assert.equal(await n('select count(*) as n from journal_text'), 10);
    assert.equal(await count(undefined, 'segfault'), 1);
    assert.equal(await count(f('_TRANSPORT', 'journal')), 4);
  } finally {
    await store.close();
  }
});
