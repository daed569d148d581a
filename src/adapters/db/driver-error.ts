import { AppError, isAppError, type AppErrorCode } from '../../core/index.js';
import { redactDatabaseUrl } from './database-url.js';

/**
 * Reading errors thrown by better-sqlite3, pg, node's net/fs layers and
 * Kysely, and turning them into AppErrors whose message says what failed in
 * one line (no stack, no password). The original error stays the `cause`.
 */

interface ErrorLike {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly errors?: unknown;
}

const HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused; is PostgreSQL running and listening there?',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'connection reset by the server',
};

/** One line saying what went wrong, with the driver's error code when it has one. */
export function describeError(err: unknown, secrets: readonly string[] = []): string {
  const text = describeRaw(err);
  return redact(text, secrets);
}

function describeRaw(err: unknown): string {
  if (isAppError(err)) return err.message;
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as ErrorLike;
  // Node's happy-eyeballs connect (e.g. to "localhost") rejects with an
  // AggregateError whose own message is empty; its parts say what happened.
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    const parts = [...new Set(e.errors.map((x: unknown) => describeRaw(x)))];
    return parts.join('; ');
  }
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === undefined) return message;
  const hint = HINTS[code];
  if (hint !== undefined) return `${hint} (${message})`;
  return message.includes(code) ? message : `${message} (${code})`;
}

function redact(text: string, secrets: readonly string[]): string {
  let out = redactDatabaseUrl(text);
  for (const secret of secrets) {
    // Very short secrets would blank out ordinary words; URLs are redacted anyway.
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/** Wraps any thrown value as an AppError with `code`, keeping AppErrors' own codes. */
export function toStoreError(
  code: AppErrorCode,
  err: unknown,
  step?: string,
  secrets: readonly string[] = [],
): AppError {
  const base = isAppError(err) ? err : new AppError(code, describeError(err, secrets), { cause: err });
  return step === undefined ? base : base.while(step);
}

/**
 * Runs one repository operation and reports any failure as STORE_QUERY_FAILED
 * "while <step>: <what the database said>". Repositories built on a DbStore
 * use this so their errors read like the store's own.
 */
export async function storeQuery<T>(step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toStoreError('STORE_QUERY_FAILED', err, step);
  }
}

function driverCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as ErrorLike).code;
  return typeof code === 'string' ? code : undefined;
}

function causeOf(err: unknown): unknown {
  return isAppError(err) ? err.cause : err;
}

/** True when `err` (or the cause of an AppError) is a UNIQUE or PRIMARY KEY violation, on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const code = driverCode(causeOf(err));
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when `err` (or the cause of an AppError) is a FOREIGN KEY violation, on either dialect. */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = driverCode(causeOf(err));
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
