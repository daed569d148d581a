/**
 * `hull journal`'s I/O: an export file (or stdin) as chunks, and the Hull
 * server's journal API over fetch (bytes of a page; the SSE tail as events).
 */
import { createReadStream } from 'node:fs';
import { AppError } from '../../core/index.js';
import { errnoText } from './errno-text.js';
import { networkReason } from './http-client.js';

/** The bytes of an export file, or of stdin for `-`, in chunks. NOT_FOUND / IO_FAILED when it cannot be read. */
export async function* exportFileChunks(
  path: string,
  stdin: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<Uint8Array> {
  if (path === '-') {
    for await (const c of stdin) yield typeof c === 'string' ? Buffer.from(c) : c;
    return;
  }
  try {
    for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) yield c as Buffer;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO_FAILED', `reading ${path}: ${errnoText(path, err)}`, {
      cause: err,
    });
  }
}

export interface BytesAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly header: (name: string) => string | null;
  readonly bytes: Uint8Array;
}

function unreachable(url: string, err: unknown): AppError {
  return new AppError(
    'SERVER_UNREACHABLE',
    `cannot reach the Hull server at ${new URL(url).origin}: ${networkReason(err)}`,
    { cause: err },
  );
}

/** GET `url` with the bearer token; the answer's bytes. */
export async function getBytes(url: string, token: string | undefined): Promise<BytesAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      header: (n) => res.headers.get(n),
      bytes,
    };
  } catch (err) {
    throw unreachable(url, err);
  }
}

/**
 * Reads a server-sent event stream, calling `onData` with each event's data;
 * resolves when the server ends it or `signal` aborts. A refusal (status ≥
 * 400) resolves to its status and body instead.
 */
export async function readEventStream(
  url: string,
  token: string | undefined,
  onData: (data: string) => void,
  signal: AbortSignal,
  onOpen?: () => void,
): Promise<{ status: number; contentType: string; text: string } | undefined> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'text/event-stream', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      signal,
    });
  } catch (err) {
    if (signal.aborted) return undefined;
    throw unreachable(url, err);
  }
  if (res.status >= 400 || res.body === null)
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
  onOpen?.();
  const decoder = new TextDecoder();
  let buf = '';
  let data: string[] = [];
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        if (line === '') {
          if (data.length > 0) onData(data.join('\n'));
          data = [];
        } else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
    }
  } catch (err) {
    if (signal.aborted) return undefined;
    throw new AppError(
      'SERVER_UNREACHABLE',
      `the Hull server at ${new URL(url).origin} broke off the tail: ${networkReason(err)}`,
      { cause: err },
    );
  }
  return undefined;
}
