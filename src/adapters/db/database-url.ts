import { parse } from 'pg-connection-string';
import { AppError } from '../../core/index.js';

/** A PostgreSQL connection URL that parsed, with the text to show humans. */
export interface DatabaseUrl {
  /** The URL exactly as given, for the driver. Never print it: it may hold a password. */
  readonly raw: string;
  /** The URL with its password (and any `password=` parameter) replaced by `***`. */
  readonly redacted: string;
  /** The password in the URL, decoded, or '' when there is none. */
  readonly password: string;
}

const SCHEME = /^(postgres|postgresql):\/\//i;
/** A `%` not followed by two hex digits in the user-info part (before the last `@` of the authority). */
const BROKEN_ESCAPE_IN_CREDENTIALS = /^[a-z]+:\/\/[^/?#]*%(?![0-9a-f]{2})[^/?#]*@/i;

/**
 * Hides the password in anything that looks like a URL with credentials
 * (`scheme://user:password@…`) and in `password=` query parameters. Works on
 * malformed URLs too, so an error message that echoes the input stays safe.
 */
export function redactDatabaseUrl(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^/?#@\s:]*:)[^@\s]*@/gi, '$1***@')
    .replace(/([?&]password=)[^&#\s]*/gi, '$1***');
}

/**
 * Checks that `raw` is a `postgres://` or `postgresql://` URL the driver can
 * use. Throws STORE_OPEN_FAILED otherwise (the caller adds "while opening the
 * store at <redacted URL>"); the error carries no cause, because URL parse
 * errors echo their input, password included.
 */
export function parseDatabaseUrl(raw: string): DatabaseUrl {
  const redacted = redactDatabaseUrl(raw.trim());
  const fail = (why: string): never => {
    throw new AppError('STORE_OPEN_FAILED', why);
  };
  if (!SCHEME.test(raw.trim())) {
    fail('unsupported database URL (expected postgres://… or postgresql://…)');
  }
  // pg-connection-string (what pg itself reads a connection string with)
  // takes a broken escape literally; a password typed with one is more likely
  // a mistake than meant, so it is refused here with the reason.
  if (BROKEN_ESCAPE_IN_CREDENTIALS.test(raw.trim()))
    return fail('malformed database URL (bad percent-escape in the user or password)');
  let password: string | null | undefined;
  try {
    // The password the driver will use (a `password=` parameter wins over the
    // URL's, as in pg), so that it can be kept out of every message.
    ({ password } = parse(raw.trim()));
  } catch {
    return fail('malformed database URL');
  }
  return { raw: raw.trim(), redacted, password: password ?? '' };
}
