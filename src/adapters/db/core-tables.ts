/**
 * Row types of the tables the store itself owns. Repositories of other
 * systems declare their own table interfaces the same way and view the
 * store's handle through them: `const db: Kysely<MyTables> = store.db`.
 *
 * Portable conventions (see docs/store.md): timestamps are ISO-8601 UTC text
 * written by the application, so both dialects sort and compare them alike.
 */
export interface HullMetaTable {
  key: string;
  value: string;
  /** ISO-8601 UTC, set when the key is first written. */
  created_at: string;
  /** ISO-8601 UTC, set on every write. */
  updated_at: string;
}

export interface HullMigrationsTable {
  /** The migration's name, e.g. `0001_meta`. */
  name: string;
  /** 1-based position in the registry; the order migrations were applied in. */
  seq: number;
  /** ISO-8601 UTC. */
  applied_at: string;
}

export interface CoreTables {
  hull_meta: HullMetaTable;
  hull_migrations: HullMigrationsTable;
}
