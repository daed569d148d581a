/**
 * The agent's HTTP over node:http/https as update_engine speaks it (observed
 * §2, §10.5): an Omaha POST with Host, Accept: *\/*, Content-Type: text/xml
 * and Content-Length (no User-Agent); a payload GET with Host and Accept, plus
 * `Range: bytes=N-` to resume; Node adds `Connection: close`. Redirects are followed (up to 10, same scheme).
 * No answer at all is NoAnswerError; an HTTP status is returned as it is.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NoAnswerError, type OmahaTransport, type PayloadFetcher, type PayloadResponse } from '../../update/index.js';

const MAX_REDIRECTS = 10;
const TIMEOUT_MS = 60_000;

interface Sent {
  readonly res: IncomingMessage;
  readonly url: URL;
}

function send(
  url: URL,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body: Buffer | undefined,
  signal: AbortSignal,
  redirects = 0,
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new NoAnswerError(`${url.href}: only http and https URLs are fetched`));
      return;
    }
    // update_engine's headers in its order (Host, Accept, then the body's); one connection per
    // request (no keep-alive reuse of a socket the server may have closed), so Node adds `Connection: close`.
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method,
        headers: { Host: url.host, Accept: '*/*', ...headers },
        setHost: false,
        agent: false,
        signal,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const loc = res.headers.location;
        if (
          res.statusCode !== undefined &&
          [301, 302, 303, 307, 308].includes(res.statusCode) &&
          loc !== undefined &&
          redirects < MAX_REDIRECTS
        ) {
          res.resume();
          const next = new URL(loc, url);
          if (next.protocol !== url.protocol) {
            reject(new NoAnswerError(`${url.href} redirects to another scheme (${next.protocol}); not followed`));
            return;
          }
          send(next, method, headers, body, signal, redirects + 1).then(resolve, reject);
          return;
        }
        resolve({ res, url });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) =>
      reject(
        signal.aborted
          ? signal.reason
          : new NoAnswerError(`${url.href}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { cause: err }),
      ),
    );
    req.end(body);
  });
}

async function readBounded(res: IncomingMessage, maxBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of res as AsyncIterable<Buffer>) {
    if (n + c.length > maxBytes) {
      parts.push(c.subarray(0, maxBytes - n));
      res.destroy();
      break;
    }
    parts.push(c);
    n += c.length;
  }
  return Buffer.concat(parts).toString('utf8');
}

export const httpOmahaTransport: OmahaTransport = {
  async post(url, body, { maxBytes, signal }) {
    const data = Buffer.from(body, 'utf8');
    let sent: Sent;
    try {
      sent = await send(
        new URL(url),
        'POST',
        { 'Content-Type': 'text/xml', 'Content-Length': String(data.length) },
        data,
        signal,
      );
    } catch (err) {
      if (err instanceof TypeError) throw new NoAnswerError(`SERVER=${url} is not a URL`);
      throw err;
    }
    try {
      return { status: sent.res.statusCode ?? 0, body: await readBounded(sent.res, maxBytes) };
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw new NoAnswerError(`${url}: the answer was cut: ${(err as Error).message}`);
    }
  },
};

/** `Content-Range: bytes a-b/total` → [a, total]. */
function contentRange(v: string | undefined): { start: number; total?: number } | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(v ?? '');
  if (!m) return undefined;
  return { start: Number(m[1]), ...(m[2] !== '*' ? { total: Number(m[2]) } : {}) };
}

export interface FetcherOptions {
  /** Called with each GET's Range header (or undefined), for tests and logs. */
  readonly onRequest?: (url: string, range: string | undefined) => void;
  /** DOWNLOAD_USER/DOWNLOAD_PASSWORD, applied to https URLs only (as update_engine's official builds). */
  readonly auth?: { readonly user: string; readonly password: string };
}

export function httpPayloadFetcher(opts: FetcherOptions = {}): PayloadFetcher {
  return {
    async get(url, { offset, signal, auth }): Promise<PayloadResponse> {
      const range = offset > 0 ? `bytes=${offset}-` : undefined;
      opts.onRequest?.(url, range);
      const u = new URL(url);
      const headers: Record<string, string> = range ? { Range: range } : {};
      const creds = auth ?? opts.auth;
      if (creds && u.protocol === 'https:')
        headers['Authorization'] = `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`;
      const { res } = await send(u, 'GET', headers, undefined, signal);
      const status = res.statusCode ?? 0;
      if (status !== 200 && status !== 206) {
        res.resume();
        return { status, offset: 0, chunks: (async function* () {})() };
      }
      const length = Number(res.headers['content-length']);
      const cr = status === 206 ? contentRange(res.headers['content-range']) : undefined;
      const start = status === 206 ? (cr?.start ?? offset) : 0;
      const total = status === 206 ? cr?.total : Number.isFinite(length) ? length : undefined;
      return {
        status,
        offset: start,
        ...(total !== undefined ? { totalSize: total } : {}),
        chunks: (async function* () {
          for await (const c of res as AsyncIterable<Buffer>) yield new Uint8Array(c.buffer, c.byteOffset, c.length);
        })(),
      };
    },
  };
}
