import { sql } from 'kysely';
import type { HullMigration, MigrationContext } from '../migration.js';
import type { UntypedDb } from '../untyped-db.js';

/**
 * The journal's per-host summary (issue 17: `GET /api/v1/journal/hosts`
 * scanned every entry). journal_hosts holds each host's first and last
 * entry time (entries with a `__REALTIME_TIMESTAMP`), its entry count and
 * data size; journal_host_boots the distinct boot ids a host logged under.
 * The repository updates both in the append's transaction and when entries
 * are deleted (docs/journal.md#the-store). Existing entries are summed up
 * here, so a store of 0006's layout migrates without loss.
 */
export const migration: HullMigration = {
  name: '0007_journal_hosts',
  async up(db: UntypedDb, ctx: MigrationContext): Promise<void> {
    const run = (text: string) => sql.raw(text).execute(db);
    const pg = ctx.dialect === 'postgres';
    await run(`create table journal_hosts (
      host text${pg ? ' collate "C"' : ''} primary key,
      first_realtime bigint,
      last_realtime bigint,
      entries bigint not null,
      bytes bigint not null)`);
    await run(`create table journal_host_boots (
      host text${pg ? ' collate "C"' : ''} not null,
      boot_id ${pg ? 'bytea' : 'blob'} not null,
      primary key (host, boot_id))${pg ? '' : ' without rowid'}`);
    await run(`insert into journal_hosts (host, first_realtime, last_realtime, entries, bytes)
      select host, min(case when realtime >= 0 then realtime end), max(case when realtime >= 0 then realtime end), count(*), coalesce(sum(size), 0)
      from journal_entries group by host`);
    await run(
      'insert into journal_host_boots (host, boot_id) select distinct host, boot_id from journal_entries where boot_id is not null',
    );
  },
};
