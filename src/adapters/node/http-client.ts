import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { AppError } from '../../core/index.js';
import { errnoCode, errnoText } from './errno-text.js';
import { openForReading } from './read-bytes.js';

/**
 * The HTTP client of `hull update`: one request to a Hull server with Node's
 * fetch (undici), its answer as text. A JSON body is sent as
 * application/json; a file is streamed as application/octet-stream with its
 * Content-Length, never read whole into memory, `onBytes` told of each chunk
 * sent. A server that cannot be reached is SERVER_UNREACHABLE, naming the URL.
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
  let body: string | ReadableStream | undefined;
  let duplex: 'half' | undefined;
  if (req.file !== undefined) {
    const { stream, size } = await fileBody(req.file.path, req.file.onBytes);
    body = stream;
    duplex = 'half';
    headers['content-type'] = 'application/octet-stream';
    headers['content-length'] = String(size);
  } else if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(req.url, { method: req.method, headers, ...(body === undefined ? {} : { body }), ...(duplex ? { duplex } : {}) } as RequestInit);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('SERVER_UNREACHABLE', `cannot reach the Hull server at ${new URL(req.url).origin}: ${networkReason(err)}`, {
      cause: err,
      hint: "is it running? start it with 'hull serve', or give its URL with --server (HULL_SERVER)",
    });
  }
  try {
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
  } catch (err) {
    throw new AppError('SERVER_UNREACHABLE', `the Hull server at ${new URL(req.url).origin} broke off its answer: ${networkReason(err)}`, { cause: err });
  }
}

/** A file as a request body: its size from the open file, its bytes streamed and counted. */
async function fileBody(path: string, onBytes?: (done: number, total: number) => void): Promise<{ stream: ReadableStream; size: number }> {
  const handle = await openForReading(path);
  const size = (await handle.stat()).size;
  let done = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      done += chunk.length;
      onBytes?.(done, size);
      callback(null, chunk);
    },
  });
  const file = createReadStream('', { fd: handle.fd, autoClose: false, highWaterMark: 256 * 1024 });
  const closeFile = () => void handle.close().catch(() => undefined);
  file.on('error', (err) => counter.destroy(new AppError('IO_FAILED', `cannot read ${errnoText(path, err)}`, { cause: err })));
  file.on('end', closeFile);
  counter.on('close', closeFile);
  file.pipe(counter);
  return { stream: Readable.toWeb(counter) as ReadableStream, size };
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
