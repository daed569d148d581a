import { sql } from 'kysely';
import type { HullMigration, MigrationContext } from '../migration.js';
import type { UntypedDb } from '../untyped-db.js';

/**
 * The journal's leaner SQLite layout (issue 17's ingest speed; D51,
 * docs/journal.md#the-store). Two FTS5 tables without content and with
 * `detail=none` (only which rows hold a token: compact posting lists that
 * FTS5 writes once per transaction) replace two costlier structures:
 * - journal_terms: the match index. Each entry's indexed (name, value) pairs
 *   as tokens `v<journal_values.id>`, one row per entry; it replaces
 *   journal_entry_values (a B-tree row and an index row per pair).
 * - journal_text: MESSAGE's trigrams (substring search); it replaces
 *   journal_fts (positions kept, external content, a delete trigger). Without
 *   positions a query is the AND of the literal's trigrams, a superset the
 *   exact test narrows as before.
 * Rows of both are removed by the repository with their entries
 * (`contentless_delete`). Existing data is carried over. PostgreSQL keeps
 * 0005's layout (journal_entry_values, pg_trgm).
 */
export const migration: HullMigration = {
  name: '0006_journal_lean',
  async up(db: UntypedDb, ctx: MigrationContext): Promise<void> {
    if (ctx.dialect !== 'sqlite') return;
    const run = (text: string) => sql.raw(text).execute(db);
    await run(
      `create virtual table journal_terms using fts5(terms, content='', contentless_delete=1, detail=none, tokenize='ascii')`,
    );
    await run(
      `insert into journal_terms (rowid, terms) select entry_id, group_concat('v' || value_id, ' ') from journal_entry_values group by entry_id`,
    );
    await run('drop table journal_entry_values');
    await run('drop trigger journal_entries_fts_delete');
    await run('drop table journal_fts');
    await run(
      `create virtual table journal_text using fts5(message, content='', contentless_delete=1, detail=none, tokenize='trigram')`,
    );
    await run(
      'insert into journal_text (rowid, message) select id, message from journal_entries where message is not null',
    );
  },
};
