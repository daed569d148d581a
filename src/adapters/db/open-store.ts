import { sql } from 'kysely';
import { AppError, silentLogger, systemClock, type Clock, type Logger } from '../../core/index.js';
import { parseDatabaseUrl, redactDatabaseUrl } from './database-url.js';
import { describeError, toStoreError } from './driver-error.js';
import { createKyselyStore, type DbStore, type SqliteHandle } from './kysely-store.js';
import type { HullMigration, StoreDialect } from './migration.js';
import { runMigrations } from './migration-runner.js';
import { MIGRATIONS } from './migrations/index.js';
import { connectPostgres } from './postgres-connection.js';
import { connectSqlite, sqliteFileFor } from './sqlite-connection.js';
import type { UntypedDb } from './untyped-db.js';

export interface OpenStoreOptions {
  /**
   * SQLite: the directory holding `hull.sqlite` (created if missing).
   * Ignored when `databaseUrl` is given.
   */
  readonly dataDir?: string;
  /** PostgreSQL: a `postgres://` or `postgresql://` URL. An empty string counts as not given. */
  readonly databaseUrl?: string;
  readonly logger?: Logger;
  /** Source of created_at/updated_at/applied_at times. */
  readonly clock?: Clock;
  /** The migrations to bring the schema to; defaults to the registry (migrations/index.ts). */
  readonly migrations?: readonly HullMigration[];
  /** SQLite: refuse (STORE_OPEN_FAILED) when `dataDir` holds no database yet instead of creating one (readers such as `hull journal -D`). */
  readonly mustExist?: boolean;
  /** SQLite: how long a statement waits for another connection's lock. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** PostgreSQL: how long to wait for a connection from the server. Default 10000. */
  readonly connectTimeoutMs?: number;
  /** PostgreSQL: the most connections the pool opens. Default 10. */
  readonly poolSize?: number;
}

/**
 * Opens the store: SQLite in `dataDir` unless `databaseUrl` names a
 * PostgreSQL database; checks the database answers; applies pending
 * migrations. Rejects with AppError STORE_OPEN_FAILED (cannot create, open or
 * reach the database) or STORE_MIGRATION_FAILED, the message starting "while
 * opening the store at <file or URL without password>".
 */
export async function openStore(options: OpenStoreOptions): Promise<DbStore> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const migrations = options.migrations ?? MIGRATIONS;
  const url = options.databaseUrl !== undefined && options.databaseUrl.trim() !== '' ? options.databaseUrl : undefined;

  let location: string | undefined;
  let dialect: StoreDialect;
  let secrets: string[] = [];
  let db: UntypedDb | undefined;
  let raw: SqliteHandle | undefined;
  try {
    if (url !== undefined) {
      dialect = 'postgres';
      location = redactDatabaseUrl(url.trim());
      const parsed = parseDatabaseUrl(url);
      secrets = [parsed.password];
      db = connectPostgres(parsed, {
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
        poolSize: options.poolSize ?? 10,
        logger,
      });
    } else if (options.dataDir !== undefined && options.dataDir !== '') {
      dialect = 'sqlite';
      location = sqliteFileFor(options.dataDir);
      const conn = await connectSqlite(options.dataDir, options.busyTimeoutMs ?? 5_000, options.mustExist === true);
      db = conn.db;
      raw = conn.raw as unknown as SqliteHandle;
    } else {
      throw new AppError('STORE_OPEN_FAILED', 'neither a data directory nor a database URL was given');
    }

    try {
      await sql`select 1`.execute(db);
    } catch (err) {
      const what = dialect === 'postgres' ? 'cannot connect' : 'cannot read the database';
      throw new AppError('STORE_OPEN_FAILED', `${what}: ${describeError(err, secrets)}`, { cause: err });
    }

    const applied = await runMigrations(db, { dialect, migrations, clock, logger });
    const store = createKyselyStore(db, { dialect, location: location ?? '', clock, ...(raw ? { sqlite: raw } : {}) });
    logger.info({ dialect, location, applied, migrations: migrations.length }, 'store opened');
    return store;
  } catch (err) {
    if (db !== undefined) await db.destroy().catch(() => undefined);
    const step = location === undefined ? 'opening the store' : `opening the store at ${location}`;
    throw toStoreError('STORE_OPEN_FAILED', err, step, secrets);
  }
}
