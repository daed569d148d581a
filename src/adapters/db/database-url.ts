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
const PLACEHOLDER_HOST = 'hull-placeholder-host';

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
  const url = tryUrl(raw.trim()) ?? tryUrl(raw.trim().replace('@/', `@${PLACEHOLDER_HOST}/`));
  if (url === undefined) return fail('malformed database URL');
  let password: string;
  try {
    password = decodeURIComponent(url.password) || (url.searchParams.get('password') ?? '');
  } catch {
    return fail('malformed database URL (bad percent-escape in the password)');
  }
  return { raw: raw.trim(), redacted, password };
}

function tryUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
