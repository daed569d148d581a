import { sql, type Kysely } from 'kysely';
import { AppError, type Clock, type Logger } from '../../core/index.js';
import type { CoreTables } from './core-tables.js';
import { describeError } from './driver-error.js';
import type { HullMigration, StoreDialect } from './migration.js';
import type { UntypedDb } from './untyped-db.js';

export interface MigrationRunOptions {
  readonly dialect: StoreDialect;
  readonly migrations: readonly HullMigration[];
  readonly clock: Clock;
  readonly logger: Logger;
}

const NAME = /^[0-9]{4}_[a-z0-9_]+$/;
/** pg_advisory_lock key that serialises migration runs of all Hull servers on one database ("HULL"). */
const PG_LOCK_KEY = 0x48554c4c;

/**
 * Brings the schema up to date: applies, in registry order, every migration
 * not yet recorded in `hull_migrations`. Each migration runs in its own
 * transaction with the insert that records it, so it is applied whole or not
 * at all (DDL is transactional on both SQLite and PostgreSQL). Concurrent
 * runs are serialised: on PostgreSQL by an advisory lock, on SQLite by
 * `BEGIN IMMEDIATE` plus a re-check of what is recorded inside the
 * transaction. Returns the names applied by this call.
 *
 * Throws STORE_MIGRATION_FAILED naming the migration that failed, or saying
 * how the database's history disagrees with the registry.
 */
export async function runMigrations(db: UntypedDb, options: MigrationRunOptions): Promise<string[]> {
  const { dialect, migrations, clock, logger } = options;
  checkRegistry(migrations);
  const names = migrations.map((m) => m.name);
  const applied: string[] = [];

  await db.connection().execute(async (conn) => {
    const core = conn as Kysely<CoreTables>;
    if (dialect === 'postgres')
      await step('taking the migration lock', () => sql`select pg_advisory_lock(${PG_LOCK_KEY})`.execute(conn));
    try {
      await step('creating the hull_migrations table', () =>
        conn.schema
          .createTable('hull_migrations')
          .ifNotExists()
          .addColumn('name', 'varchar(255)', (col) => col.primaryKey().notNull())
          .addColumn('seq', 'integer', (col) => col.notNull().unique())
          .addColumn('applied_at', 'text', (col) => col.notNull())
          .execute(),
      );
      const before = await step('reading applied migrations', () => readApplied(core));
      checkHistory(before, names);
      if (before.length === names.length) return;

      for (const [index, migration] of migrations.entries()) {
        if (index < before.length) continue;
        await sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
        try {
          // Another process may have applied it between our read and our lock.
          const now = await readApplied(core);
          checkHistory(now, names);
          if (now.length > index) {
            await sql.raw('commit').execute(conn);
            continue;
          }
          await migration.up(conn, { dialect });
          await core
            .insertInto('hull_migrations')
            .values({ name: migration.name, seq: index + 1, applied_at: clock.now().toISOString() })
            .execute();
          await sql.raw('commit').execute(conn);
        } catch (err) {
          await sql
            .raw('rollback')
            .execute(conn)
            .catch(() => undefined);
          if (err instanceof AppError) throw err;
          throw new AppError('STORE_MIGRATION_FAILED', describeError(err), { cause: err }).while(
            `applying migration ${migration.name}`,
          );
        }
        applied.push(migration.name);
        logger.info({ migration: migration.name, dialect }, 'applied migration');
      }
    } finally {
      if (dialect === 'postgres') {
        await sql`select pg_advisory_unlock(${PG_LOCK_KEY})`.execute(conn).catch(() => undefined);
      }
    }
  });
  return applied;
}

/** Names of recorded migrations, oldest first. */
export async function readApplied(db: Kysely<CoreTables>): Promise<string[]> {
  const rows = await db.selectFrom('hull_migrations').select('name').orderBy('seq').execute();
  return rows.map((r) => r.name);
}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new AppError('STORE_MIGRATION_FAILED', describeError(err), { cause: err }).while(what);
  }
}

function checkRegistry(migrations: readonly HullMigration[]): void {
  let previous = '';
  for (const { name } of migrations) {
    if (!NAME.test(name)) {
      throw new AppError('STORE_MIGRATION_FAILED', `migration name "${name}" is not of the form NNNN_snake_name`);
    }
    if (name <= previous) {
      throw new AppError(
        'STORE_MIGRATION_FAILED',
        `the migration registry is out of order: "${name}" comes after "${previous}"`,
      );
    }
    previous = name;
  }
}

/** The recorded history must be the registry's first N names, in order. */
function checkHistory(applied: readonly string[], names: readonly string[]): void {
  for (const [i, name] of applied.entries()) {
    if (names[i] === name) continue;
    if (!names.includes(name)) {
      throw new AppError(
        'STORE_MIGRATION_FAILED',
        `the database has applied migration "${name}", which this version of Hull does not know ` +
          '(was the database written by a newer Hull?)',
      );
    }
    throw new AppError(
      'STORE_MIGRATION_FAILED',
      `the database applied migrations in a different order: "${name}" is recorded at position ${i + 1}, ` +
        `where this version of Hull has "${names[i] ?? '(none)'}"`,
    );
  }
}
