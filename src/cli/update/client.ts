import { httpRequest, readTokenFile, type HttpAnswer, type HttpRequest } from '../../adapters/node/index.js';
import { AppError } from '../../core/index.js';
import { apiError, type TokenSource } from './api-error.js';
import { parseServerUrl } from './values.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/** The flags of `hull update` that say where the server is and who asks. */
export interface ConnectionFlags {
  readonly server?: string;
  readonly token?: string;
  readonly tokenFile?: string;
}

export interface Connection {
  readonly server: string;
  readonly token: string | undefined;
  readonly tokenSource: TokenSource;
}

/** The admin-token file `hull serve` writes on its first start, in its data dir (HULL_DATA_DIR, default ./hull-data). */
export const defaultTokenFile = (env: Readonly<Record<string, string | undefined>>): string =>
  `${(env.HULL_DATA_DIR || './hull-data').replace(/\/+$/, '')}/admin-token`;

/**
 * The server and token: `--server`, else HULL_SERVER, else 127.0.0.1:8080;
 * the token from `--token`, `--token-file`, HULL_TOKEN, HULL_TOKEN_FILE, in
 * that order, else the admin-token file of a `hull serve` in this directory
 * when it is readable. Without a token requests go out without one (the
 * server's 401 then carries a hint saying where Hull looked).
 */
export async function connect(
  flags: ConnectionFlags,
  ctx: { env: Readonly<Record<string, string | undefined>>; cwd: string },
): Promise<Connection> {
  const env = ctx.env;
  const server =
    flags.server !== undefined
      ? parseServerUrl(flags.server, '--server')
      : env.HULL_SERVER
        ? parseServerUrl(env.HULL_SERVER, 'HULL_SERVER')
        : DEFAULT_SERVER;
  if (flags.token !== undefined)
    return { server, token: nonEmpty(flags.token, '--token'), tokenSource: { kind: 'flag' } };
  if (flags.tokenFile !== undefined)
    return {
      server,
      token: await readTokenFile(ctx.cwd, flags.tokenFile, false),
      tokenSource: { kind: 'file', path: flags.tokenFile },
    };
  if (env.HULL_TOKEN) return { server, token: env.HULL_TOKEN.trim(), tokenSource: { kind: 'env' } };
  if (env.HULL_TOKEN_FILE)
    return {
      server,
      token: await readTokenFile(ctx.cwd, env.HULL_TOKEN_FILE, false),
      tokenSource: { kind: 'file', path: env.HULL_TOKEN_FILE },
    };
  const fallback = defaultTokenFile(env);
  const token = await readTokenFile(ctx.cwd, fallback, true);
  return {
    server,
    token,
    tokenSource: token === undefined ? { kind: 'none', looked: fallback } : { kind: 'file', path: fallback },
  };
}

function nonEmpty(text: string, flag: string): string {
  if (text.trim() === '') throw new AppError('USAGE', `${flag} must not be empty`);
  return text.trim();
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface CallOptions {
  readonly query?: Query;
  readonly json?: unknown;
  readonly file?: HttpRequest['file'];
}

/** `/api/v1/apps/` + each segment percent-encoded. */
export const apiPath = (...segments: readonly string[]): string =>
  `/api/v1/${segments.map((s) => encodeURIComponent(s)).join('/')}`;

/**
 * The management API as `hull update` calls it: JSON in, JSON out, the
 * bearer token on every request; a refusal becomes an AppError with the
 * API's code (api-error.ts).
 */
export class UpdateClient {
  constructor(
    readonly conn: Connection,
    private readonly send: (req: HttpRequest) => Promise<HttpAnswer> = httpRequest,
  ) {}

  async call<T>(method: HttpRequest['method'], path: string, opts: CallOptions = {}): Promise<T> {
    const url = new URL(`${this.conn.server}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> =
      this.conn.token === undefined ? {} : { authorization: `Bearer ${this.conn.token}` };
    const answer = await this.send({
      method,
      url: url.toString(),
      headers,
      ...(opts.json !== undefined ? { json: opts.json } : {}),
      ...(opts.file !== undefined ? { file: opts.file } : {}),
    });
    const what = `${method} ${path}`;
    if (answer.status >= 400)
      throw apiError(answer.status, answer.contentType, answer.text, {
        origin: this.conn.server,
        what,
        token: this.conn.tokenSource,
      });
    if (answer.status === 204 || answer.text === '') return null as T;
    try {
      return JSON.parse(answer.text) as T;
    } catch {
      throw new AppError(
        'SERVER_UNREACHABLE',
        `${what}: the server at ${this.conn.server} answered HTTP ${answer.status} with a body that is not JSON`,
        { hint: 'is --server (HULL_SERVER) the URL of a hull serve?' },
      );
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.call<T>('GET', path, query === undefined ? {} : { query });
  }
}
