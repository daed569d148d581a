import { sql } from 'kysely';
import type { HullMigration, MigrationContext } from '../migration.js';
import type { UntypedDb } from '../untyped-db.js';

/**
 * The journal store (docs/journal.md#the-store):
 * - journal_entries: one row per entry; `data` holds every field with its
 *   exact bytes (src/journal/entry-codec.ts); the first values of the common
 *   fields as indexed columns (boot id, `_SYSTEMD_UNIT`, `SYSLOG_IDENTIFIER`,
 *   `PRIORITY`, as bytes), `realtime` (µs, -1 when the entry has none), the
 *   host identity, the receive time, the sender's `__CURSOR` (de-duplication,
 *   unique per host) and MESSAGE as text for full-text search.
 * - journal_values / journal_entry_values: the other fields' values, each
 *   (name, value) once, and which entries carry them (the match index).
 * SQLite: a trigram FTS5 table over MESSAGE (external content: the
 * repository inserts its rows, a trigger removes them). PostgreSQL:
 * journal_entries is partitioned by range of `realtime`, one partition a
 * month created on demand by the repository (entries without a time in
 * `journal_entries_none`); MESSAGE has a pg_trgm GIN index when the extension
 * can be created.
 */
export const migration: HullMigration = {
  name: '0005_journal',
  async up(db: UntypedDb, ctx: MigrationContext): Promise<void> {
    const run = (text: string) => sql.raw(text).execute(db);
    if (ctx.dialect === 'sqlite') {
      await run(`create table journal_entries (
        id integer primary key autoincrement,
        host text not null,
        realtime integer not null,
        received_at integer not null,
        cursor text,
        boot_id blob,
        unit blob,
        identifier blob,
        priority blob,
        message text,
        size integer not null,
        data blob not null)`);
      await run(
        'create unique index journal_entries_cursor on journal_entries (host, cursor) where cursor is not null',
      );
      await run('create index journal_entries_time on journal_entries (realtime, host, id)');
      await run('create index journal_entries_host on journal_entries (host, realtime)');
      await run('create index journal_entries_unit on journal_entries (unit, realtime) where unit is not null');
      await run(
        'create index journal_entries_identifier on journal_entries (identifier, realtime) where identifier is not null',
      );
      await run('create index journal_entries_priority on journal_entries (priority, realtime)');
      await run('create index journal_entries_boot on journal_entries (boot_id, realtime)');
      await run(
        'create table journal_values (id integer primary key, name text not null, value blob not null, unique (name, value))',
      );
      await run(
        'create table journal_entry_values (entry_id integer not null, value_id integer not null, primary key (entry_id, value_id)) without rowid',
      );
      await run('create index journal_entry_values_value on journal_entry_values (value_id, entry_id)');
      await run(
        `create virtual table journal_fts using fts5(message, content='journal_entries', content_rowid='id', tokenize='trigram')`,
      );
      // Rows are added by the repository in the append's statements (a trigger made each insert six times slower).
      await run(`create trigger journal_entries_fts_delete after delete on journal_entries when old.message is not null begin
        insert into journal_fts(journal_fts, rowid, message) values ('delete', old.id, old.message); end`);
      return;
    }
    await run(`create table journal_entries (
      id bigint not null,
      host text collate "C" not null,
      realtime bigint not null,
      received_at bigint not null,
      cursor text collate "C",
      boot_id bytea,
      unit bytea,
      identifier bytea,
      priority bytea,
      message text,
      size integer not null,
      data bytea not null) partition by range (realtime)`);
    await run('create sequence journal_entry_ids');
    await run('create table journal_entries_none partition of journal_entries for values from (minvalue) to (0)');
    await run('create unique index journal_entries_cursor on journal_entries (host, cursor, realtime)');
    await run('create index journal_entries_id on journal_entries (id)');
    await run('create index journal_entries_time on journal_entries (realtime, host, id)');
    await run('create index journal_entries_host on journal_entries (host, realtime)');
    await run('create index journal_entries_unit on journal_entries (unit, realtime)');
    await run('create index journal_entries_identifier on journal_entries (identifier, realtime)');
    await run('create index journal_entries_priority on journal_entries (priority, realtime)');
    await run('create index journal_entries_boot on journal_entries (boot_id, realtime)');
    await run(
      'create table journal_values (id bigserial primary key, name text not null, value bytea not null, unique (name, value))',
    );
    await run(
      'create table journal_entry_values (entry_id bigint not null, value_id bigint not null, primary key (entry_id, value_id))',
    );
    await run('create index journal_entry_values_value on journal_entry_values (value_id, entry_id)');
    // pg_trgm narrows -g; without it (no permission to create the extension) -g scans the other filters' candidates.
    await run('savepoint journal_trgm');
    try {
      await run('create extension if not exists pg_trgm');
      await run('create index journal_entries_message on journal_entries using gin (message gin_trgm_ops)');
      await run('release savepoint journal_trgm');
    } catch {
      await run('rollback to savepoint journal_trgm');
    }
  },
};
