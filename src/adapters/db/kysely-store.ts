import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { AppError, type Clock, type Store } from '../../core/index.js';
import type { CoreTables } from './core-tables.js';
import { toStoreError } from './driver-error.js';
import type { StoreDialect } from './migration.js';
import { readApplied } from './migration-runner.js';
import type { UntypedDb } from './untyped-db.js';

/**
 * The Store port over an open, migrated Kysely handle, plus the handle
 * itself for repositories that other systems build on the same database.
 */
export interface DbStore extends Store {
  /**
   * The Kysely handle. Declare your tables and view it through them:
   * `const db: Kysely<MyTables> = store.db;`. Do not destroy it; call
   * `store.close()`.
   */
  readonly db: UntypedDb;
  /** Where the data lives, safe to print: the SQLite file path or the URL without its password. */
  readonly location: string;
  /**
   * SQLite only: the connection under Kysely's, for a hot path that runs its
   * own prepared statements synchronously. Use it only inside
   * `db.connection().execute(...)` (Kysely's lock on its one connection), never
   * across an await.
   */
  readonly sqlite?: SqliteHandle;
}

/** What a hot path needs of better-sqlite3's Database. */
export interface SqliteHandle {
  prepare(sql: string): SqliteHandleStatement;
  /** Prepares and runs a pragma at each call (some pragmas act when prepared, so a kept statement would not). */
  pragma(source: string, options?: { simple?: boolean }): unknown;
}
export interface SqliteHandleStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  raw(toggle?: boolean): this;
  safeIntegers(toggle?: boolean): this;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const INTEGER_TEXT = /^(0|-?[1-9][0-9]*)$/;

export interface KyselyStoreOptions {
  readonly dialect: StoreDialect;
  readonly location: string;
  readonly clock: Clock;
  readonly sqlite?: SqliteHandle;
}

export function createKyselyStore(db: UntypedDb, options: KyselyStoreOptions): DbStore {
  const { dialect, location, clock, sqlite } = options;
  const core = db as Kysely<CoreTables>;
  let closing: Promise<void> | undefined;

  async function run<T>(step: string, body: () => Promise<T>): Promise<T> {
    if (closing !== undefined) {
      throw new AppError('STORE_QUERY_FAILED', `the store at ${location} is closed`).while(step);
    }
    try {
      return await body();
    } catch (err) {
      throw toStoreError('STORE_QUERY_FAILED', err, step);
    }
  }

  return {
    dialect,
    location,
    db,
    ...(sqlite ? { sqlite } : {}),

    appliedMigrations: () => run('listing applied migrations', () => readApplied(core)),

    getMeta: (key) =>
      run(`reading meta key "${key}"`, async () => {
        const row = await core.selectFrom('hull_meta').select('value').where('key', '=', key).executeTakeFirst();
        return row?.value;
      }),

    setMeta: (key, value) =>
      run(`writing meta key "${key}"`, async () => {
        const now = clock.now().toISOString();
        await core
          .insertInto('hull_meta')
          .values({ key, value, created_at: now, updated_at: now })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet((eb) => ({
              value: eb.ref('excluded.value'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }),

    incrementMeta: async (key, by = 1) => {
      const step = `incrementing meta key "${key}"`;
      if (!Number.isSafeInteger(by)) {
        throw new AppError('INTERNAL', `incrementMeta needs a safe integer, got ${String(by)}`).while(step);
      }
      return run(step, async () => {
        const now = clock.now().toISOString();
        // One statement, so concurrent increments (other connections, other
        // processes) cannot lose updates: the row lock (PostgreSQL) or the
        // write lock (SQLite) covers the read-modify-write.
        const row = await core
          .insertInto('hull_meta')
          .values({ key, value: String(by), created_at: now, updated_at: now })
          .onConflict((oc) =>
            oc
              .column('key')
              .doUpdateSet({
                value: sql<string>`cast(cast(${sql.ref('hull_meta.value')} as bigint) + cast(${String(by)} as bigint) as text)`,
                updated_at: (eb) => eb.ref('excluded.updated_at'),
              })
              .where(canAdd(dialect, by)),
          )
          .returning('value')
          .executeTakeFirst();
        if (row === undefined) {
          const current = (await core.selectFrom('hull_meta').select('value').where('key', '=', key).executeTakeFirst())
            ?.value;
          throw new AppError(
            'STORE_QUERY_FAILED',
            current !== undefined && INTEGER_TEXT.test(current)
              ? `adding ${by} to ${current} would leave the range of exact integers (±${MAX_SAFE})`
              : `the value ${JSON.stringify(current)} is not an integer`,
          );
        }
        return Number(row.value);
      });
    },

    ping: () =>
      run('pinging the database', async () => {
        await sql`select 1`.execute(db);
      }),

    close: () => {
      closing ??= db.destroy();
      return closing;
    },
  };
}

/**
 * The guard that keeps the UPSERT from touching a value it cannot add to: the
 * conflicting row is then left alone and RETURNING yields nothing. The value
 * must be a canonical decimal integer ("7", "-12"; not "07", "+7", "1.0"),
 * the same test on both dialects, and the sum must stay a safe JS integer.
 * On PostgreSQL the CASE makes sure the cast only sees checked text.
 */
function canAdd(dialect: StoreDialect, by: number): Expression<SqlBool> {
  const value = sql.ref('hull_meta.value');
  const sum = sql`cast(${value} as bigint) + cast(${String(by)} as bigint)`;
  const inRange = sql`${sum} between ${sql.lit(-MAX_SAFE)} and ${sql.lit(MAX_SAFE)}`;
  return dialect === 'postgres'
    ? sql<SqlBool>`case when ${value} ~ '^(0|-?[1-9][0-9]{0,17})$' then ${inRange} else false end`
    : sql<SqlBool>`${value} = cast(cast(${value} as integer) as text) and length(replace(${value}, '-', '')) <= 18 and ${inRange}`;
}
