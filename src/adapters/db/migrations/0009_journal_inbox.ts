import { sql } from 'kysely';
import type { HullMigration, MigrationContext } from '../migration.js';
import type { UntypedDb } from '../untyped-db.js';

/**
 * SQLite: the journal's inbox (issue 17's ingest speed, D66,
 * docs/journal.md#the-store). The receiver stores each batch of an upload
 * as one row, the export bytes of its complete entries as they came, and
 * answers once that row is durable; the repository's indexer then moves
 * the row's entries into journal_entries (repeats left out, the per-host
 * summary kept) and indexes them, deleting the row in the same
 * transaction. Row ids are never reused (autoincrement): the receiver
 * waits on them. PostgreSQL stores an upload's entries at once.
 */
export const migration: HullMigration = {
  name: '0009_journal_inbox',
  async up(db: UntypedDb, ctx: MigrationContext): Promise<void> {
    if (ctx.dialect !== 'sqlite') return;
    await sql
      .raw(
        'create table journal_inbox (id integer primary key autoincrement, host text not null, received_at integer not null, entries integer not null, data blob not null)',
      )
      .execute(db);
  },
};
