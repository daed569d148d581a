import { APP_ERROR_CODES, AppError, type AppErrorCode } from '../../core/index.js';

/** Where the token of a request came from, for the 401 hint: `--token`, `HULL_TOKEN`, a file, or none. */
export type TokenSource =
  | { readonly kind: 'flag' | 'env' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'none'; readonly looked: string };

const isCode = (c: unknown): c is AppErrorCode => typeof c === 'string' && Object.hasOwn(APP_ERROR_CODES, c);

function byStatus(status: number): AppErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status >= 400 && status < 500) return 'USAGE';
  return 'INTERNAL';
}

export function tokenHint(source: TokenSource): string {
  const make = "make one with 'hull token create --role admin' on the server's host";
  switch (source.kind) {
    case 'none':
      return `no token was given: pass --token T, set HULL_TOKEN, or give --token-file F (HULL_TOKEN_FILE; ${source.looked} was not readable); ${make}`;
    case 'file':
      return `the token in ${source.path} is unknown to this server or revoked; ${make}`;
    default:
      return `the token from ${source.kind === 'flag' ? '--token' : 'HULL_TOKEN'} is unknown to this server or revoked; ${make}`;
  }
}

/**
 * A refusal of the API (`{error: {code, message, details}}`) as the CLI's
 * AppError with the same code, message and details (so its exit code is the
 * code's), with a hint for 401 and 403. An answer that is not the API's JSON
 * (a proxy's HTML page, another program on the port) is SERVER_UNREACHABLE.
 */
export function apiError(
  status: number,
  contentType: string,
  text: string,
  ctx: { origin: string; what: string; token: TokenSource },
): AppError {
  let body: unknown;
  if (/json/i.test(contentType)) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error === undefined || typeof error !== 'object' || typeof error.message !== 'string') {
    return new AppError(
      'SERVER_UNREACHABLE',
      `${ctx.what}: the server at ${ctx.origin} answered HTTP ${status}${contentType ? ` (${contentType.split(';')[0]})` : ''}, not Hull's API`,
      {
        hint: 'is --server (HULL_SERVER) the URL of a hull serve?',
      },
    );
  }
  const code = isCode(error.code) ? error.code : byStatus(status);
  const hint =
    code === 'UNAUTHORIZED'
      ? tokenHint(ctx.token)
      : code === 'FORBIDDEN'
        ? "a viewer token may only read: use an admin token ('hull token create --role admin')"
        : undefined;
  return new AppError(code, error.message, {
    ...(hint === undefined ? {} : { hint }),
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}
