import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../../core/index.js';
import { describeError } from './driver-error.js';
import { makeDir } from './make-dir.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import type { AnyTables, UntypedDb } from './untyped-db.js';

/** The database file's name inside the data dir. */
export const SQLITE_FILE_NAME = 'hull.sqlite';

export interface SqliteConnection {
  readonly db: UntypedDb;
  /** Absolute path of the database file. */
  readonly file: string;
  /** The same connection as Kysely's, for hot paths that run prepared statements synchronously (the journal's append). */
  readonly raw: Database.Database;
}

/** Absolute path of the SQLite file the store uses for `dataDir`. */
export function sqliteFileFor(dataDir: string): string {
  return join(resolve(dataDir), SQLITE_FILE_NAME);
}

/**
 * Opens (creating if needed) `<dataDir>/hull.sqlite`: the directory is
 * created with mode 0700 when missing; the database runs in WAL mode with
 * foreign keys enforced and a busy timeout, so several connections (other
 * Hull processes, backup tools) can share the file. Throws STORE_OPEN_FAILED
 * saying which step failed; the caller adds where.
 */
export async function connectSqlite(
  dataDir: string,
  busyTimeoutMs: number,
  mustExist = false,
): Promise<SqliteConnection> {
  const dir = resolve(dataDir);
  const file = sqliteFileFor(dir);
  if (mustExist) {
    try {
      await access(file, constants.F_OK);
    } catch (err) {
      throw new AppError(
        'STORE_OPEN_FAILED',
        `there is no store in ${dir} (no ${SQLITE_FILE_NAME}): is it a hull serve's --data-dir?`,
        { cause: err },
      );
    }
  }

  try {
    await makeDir(dir, 0o700);
  } catch (err) {
    const exists = (err as { code?: unknown }).code === 'EEXIST';
    const message = exists
      ? `the data directory ${dir} exists and is not a directory`
      : `cannot create the data directory ${dir}: ${describeError(err)}`;
    throw new AppError('STORE_OPEN_FAILED', message, { cause: err });
  }
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    throw new AppError('STORE_OPEN_FAILED', `the data directory ${dir} is not writable: ${describeError(err)}`, {
      cause: err,
    });
  }

  let sqlite: Database.Database | undefined;
  try {
    const handle = new Database(file, { timeout: busyTimeoutMs });
    sqlite = handle;
    // Switching a new file to WAL needs a lock SQLite does not wait for with
    // the busy handler, so a second process opening the same fresh file at
    // the same moment gets SQLITE_BUSY at once: retry until the timeout.
    await retryWhileBusy(busyTimeoutMs, () => {
      const mode = handle.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new Error(`could not switch to WAL mode (got "${String(mode)}")`);
      handle.pragma('foreign_keys = ON');
      handle.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      // Safe with WAL: a crash may lose the last commits, never corrupt the file.
      handle.pragma('synchronous = NORMAL');
    });
  } catch (err) {
    sqlite?.close();
    throw new AppError('STORE_OPEN_FAILED', `cannot open the database file: ${describeError(err)}`, {
      cause: err,
    });
  }
  return {
    db: new Kysely<AnyTables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }),
    file,
    raw: sqlite,
  };
}

async function retryWhileBusy(timeoutMs: number, attempt: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      attempt();
      return;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const busy = typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
      if (!busy || Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
}
