import { readFile } from 'node:fs/promises';
import { request as httpRequestRaw } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { resolve } from 'node:path';
import { AppError } from '../../core/index.js';
import { errnoCode, errnoText } from './errno-text.js';
import { openForReading } from './read-bytes.js';

/**
 * The HTTP client of `hull update`: one request to a Hull server with Node's
 * fetch (undici), its answer as text. A JSON body is sent as
 * application/json; a file is streamed as application/octet-stream with its
 * Content-Length (through node:http, see sendFile), never read whole into
 * memory, `onBytes` told of each chunk read. A server that cannot be reached is SERVER_UNREACHABLE, naming the URL.
 */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly file?: { readonly path: string; readonly onBytes?: (done: number, total: number) => void };
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** The network failures fetch wraps in its `cause`, as sentences. */
const NETWORK_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be resolved',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out connecting',
  UND_ERR_SOCKET: 'the connection was closed',
  EPIPE: 'the connection was closed while sending',
};

/** Why fetch failed, as a short phrase (`connection refused`). */
export function networkReason(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && NETWORK_TEXT[code] !== undefined) return NETWORK_TEXT[code]!;
    if (e.cause === undefined) return e.message;
    e = e.cause;
  }
  return e instanceof Error ? e.message : String(e);
}

export async function httpRequest(req: HttpRequest): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.file !== undefined) return sendFile(req, headers, req.file);
  let body: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(req.url, { method: req.method, headers, ...(body === undefined ? {} : { body }) });
  } catch (err) {
    throw unreachable(req.url, err);
  }
  try {
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
  } catch (err) {
    throw new AppError(
      'SERVER_UNREACHABLE',
      `the Hull server at ${new URL(req.url).origin} broke off its answer: ${networkReason(err)}`,
      { cause: err },
    );
  }
}

function unreachable(url: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError(
    'SERVER_UNREACHABLE',
    `cannot reach the Hull server at ${new URL(url).origin}: ${networkReason(err)}`,
    {
      cause: err,
      hint: "is it running? start it with 'hull serve', or give its URL with --server (HULL_SERVER)",
    },
  );
}

const CHUNK = 256 * 1024;

/**
 * A file as the body, with node:http(s) rather than fetch: undici's fetch
 * keeps every chunk of a streamed request body until the request ends
 * (nodejs/undici#4058), so a 4 GiB payload would take 4 GiB of memory.
 * Here the file is piped to the socket (backpressure: a chunk is read only
 * when the last is sent), so memory stays flat; `onBytes` counts what was
 * read. An answer that comes before the whole body was sent (a refusal:
 * 409, 413) is taken as the answer.
 */
async function sendFile(
  req: HttpRequest,
  headers: Record<string, string>,
  body: NonNullable<HttpRequest['file']>,
): Promise<HttpAnswer> {
  const handle = await openForReading(body.path);
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch (err) {
    await handle.close();
    throw new AppError('IO_FAILED', `cannot read ${errnoText(body.path, err)}`, { cause: err });
  }
  const url = new URL(req.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequestRaw;
  const file = handle.createReadStream({ highWaterMark: CHUNK, autoClose: true });
  return new Promise<HttpAnswer>((resolve, reject) => {
    let answered = false;
    let done = 0;
    const out = send(
      url,
      {
        method: req.method,
        headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(size) },
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (t: string) => (text += t));
        res.on('end', () => {
          file.destroy();
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text });
        });
        res.on('error', (err) => {
          file.destroy();
          reject(
            new AppError(
              'SERVER_UNREACHABLE',
              `the Hull server at ${url.origin} broke off its answer: ${networkReason(err)}`,
              { cause: err },
            ),
          );
        });
      },
    );
    out.on('error', (err) => {
      file.destroy();
      if (!answered) reject(unreachable(req.url, err));
    });
    file.on('data', (chunk) => {
      done += chunk.length;
      body.onBytes?.(done, size);
    });
    file.on('error', (err) => {
      out.destroy();
      reject(new AppError('IO_FAILED', `cannot read ${errnoText(body.path, err)}`, { cause: err }));
    });
    file.pipe(out);
  });
}

/**
 * A token file's first line, trimmed; undefined when `optional` and the file
 * is missing or unreadable (the default ./hull-data/admin-token). A named file
 * that cannot be read is NOT_FOUND or IO_FAILED.
 */
export async function readTokenFile(cwd: string, path: string, optional: boolean): Promise<string | undefined> {
  try {
    const text = await readFile(resolve(cwd, path), 'utf8');
    return text.split('\n')[0]!.trim() || undefined;
  } catch (err) {
    if (optional) return undefined;
    throw new AppError(errnoCode(err), `token file: ${errnoText(path, err)}`, { cause: err });
  }
}
