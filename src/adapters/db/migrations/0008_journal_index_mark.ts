import { sql } from 'kysely';
import type { HullMigration, MigrationContext } from '../migration.js';
import type { UntypedDb } from '../untyped-db.js';

/**
 * SQLite: the journal's indexer mark (issue 17's ingest speed, D54,
 * docs/journal.md#the-store). An append stores the entry's row and answers;
 * the match index (journal_terms) and MESSAGE's trigrams (journal_text) are
 * written after, by the repository's indexer, for the entries whose id is
 * above `through`, and `through` moves in the same transaction. Every entry
 * of an existing store is indexed already: the mark starts at the largest id.
 * PostgreSQL indexes in the append (its rows and index rows are one insert).
 */
export const migration: HullMigration = {
  name: '0008_journal_index_mark',
  async up(db: UntypedDb, ctx: MigrationContext): Promise<void> {
    if (ctx.dialect !== 'sqlite') return;
    await sql
      .raw('create table journal_index_mark (id integer primary key check (id = 1), through integer not null)')
      .execute(db);
    await sql
      .raw('insert into journal_index_mark (id, through) select 1, coalesce(max(id), 0) from journal_entries')
      .execute(db);
  },
};
