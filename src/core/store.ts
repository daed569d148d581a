/**
 * The store port every server-side system shares: one database (SQLite file
 * in the data dir, or PostgreSQL), versioned by migrations that each system
 * adds to. Systems define their own repository ports on top; this is the
 * common part: lifecycle, health and a small key/value table of server facts.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Names of applied migrations, oldest first. */
  appliedMigrations(): Promise<readonly string[]>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Adds `by` to an integer counter in the meta table atomically and returns the new value. */
  incrementMeta(key: string, by?: number): Promise<number>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
