import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AppError, type Logger } from '../../core/index.js';
import type { DatabaseUrl } from './database-url.js';
import { describeError } from './driver-error.js';
import type { AnyTables, UntypedDb } from './untyped-db.js';

export interface PostgresConnectOptions {
  readonly connectTimeoutMs: number;
  readonly poolSize: number;
  readonly logger: Logger;
}

/**
 * A pooled PostgreSQL connection for `url`. Nothing is sent yet: the caller's
 * first query (a ping) is what finds out whether the server is there. Errors
 * of idle pooled connections (e.g. the server restarting) are logged instead
 * of crashing the process; the pool replaces such connections on next use.
 */
export function connectPostgres(url: DatabaseUrl, options: PostgresConnectOptions): UntypedDb {
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: url.raw,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectTimeoutMs,
      application_name: 'hull',
    });
  } catch (err) {
    // pg parses the URL here; its messages may echo the URL, so redact.
    throw new AppError('STORE_OPEN_FAILED', `malformed database URL: ${describeError(err, [url.password])}`);
  }
  pool.on('error', (err) => {
    options.logger.warn(
      { err: describeError(err, [url.password]), url: url.redacted },
      'idle database connection failed',
    );
  });
  return new Kysely<AnyTables>({ dialect: new PostgresDialect({ pool }) });
}
