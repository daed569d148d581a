import { sql, type Kysely } from 'kysely';
import { toStoreError } from './driver-error.js';
import type { StoreDialect } from './migration.js';

/**
 * Runs `fn` on one connection between BEGIN and COMMIT (`begin immediate` on
 * SQLite: the write lock first, so two processes cannot deadlock upgrading
 * read locks). Rolls back when `fn` throws and rethrows it unchanged; a failure
 * of the database itself is STORE_QUERY_FAILED naming `step`. The one home of
 * transactions for the stores' repositories (update, FleetLock).
 */
export async function inTransaction<DB, T>(
  db: Kysely<DB>,
  dialect: StoreDialect,
  step: string,
  fn: (tx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const thrown: { err?: unknown } = {};
  try {
    return await db.connection().execute(async (conn) => {
      await sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
      let result: T;
      try {
        result = await fn(conn);
      } catch (err) {
        thrown.err = err;
        await sql
          .raw('rollback')
          .execute(conn)
          .catch(() => undefined);
        throw err;
      }
      try {
        await sql.raw('commit').execute(conn);
      } catch (err) {
        await sql
          .raw('rollback')
          .execute(conn)
          .catch(() => undefined);
        throw err;
      }
      return result;
    });
  } catch (err) {
    if ('err' in thrown && thrown.err === err) throw err;
    throw toStoreError('STORE_QUERY_FAILED', err, step);
  }
}
