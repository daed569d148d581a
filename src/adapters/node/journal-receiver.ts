import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { AppError, type TokenRepository } from '../../core/index.js';
import {
  BodyAborted,
  type AppendResult,
  ingestExport,
  type ExportBatch,
  type ExportLimits,
  type JournalRepository,
  type JournalTail,
} from '../../journal/index.js';
import { ACCEPTED_ENCODINGS, DecodingError, decodeBody, parseContentEncoding } from './content-decoding.js';

/** journal-remote's largest upload (770 MiB): a larger Content-Length is refused before the body. */
export const MAX_UPLOAD_BYTES = 807_403_520;
export const JOURNAL_CONTENT_TYPE = 'application/vnd.fdo.journal';

export type UploadRejection =
  | 'method'
  | 'path'
  | 'content_type'
  | 'content_length'
  | 'encoding'
  | 'unauthorized'
  | 'too_large'
  | 'premature_eof'
  | 'invalid'
  | 'aborted'
  | 'store';

export interface ReceiverMetrics {
  received(host: string, entries: number, bytes: number): void;
  duplicates(host: string, n: number): void;
  rejected(reason: UploadRejection): void;
}

export interface ReceiverLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface JournalReceiverDeps {
  readonly repo: JournalRepository;
  readonly tail?: JournalTail;
  /** Bearer tokens (Hull's own agents): a valid token names the host by its name. */
  readonly tokens?: TokenRepository;
  /** Refuse uploads that carry neither a valid token nor a verified client certificate. */
  readonly requireIdentity?: boolean;
  readonly limits?: Partial<ExportLimits>;
  readonly maxUploadBytes?: number;
  readonly metrics?: ReceiverMetrics;
  readonly log?: ReceiverLog;
  /** µs since the epoch (the receive time). */
  readonly now?: () => bigint;
}

const nowUs = () => BigInt(Date.now()) * 1000n;

function answer(res: ServerResponse, status: number, body: string, close = false): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'text/plain',
    'Accept-Encoding': ACCEPTED_ENCODINGS.join(', '),
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(body);
}

/** What journal-remote answers before reading the body, or undefined when the upload may go on. */
export function checkUploadHead(
  req: IncomingMessage,
  maxUploadBytes = MAX_UPLOAD_BYTES,
): { status: number; body: string; reason: UploadRejection } | undefined {
  if (req.method !== 'POST') return { status: 406, body: 'Unsupported method.\n', reason: 'method' };
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/upload') return { status: 404, body: 'Not found.\n', reason: 'path' };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== JOURNAL_CONTENT_TYPE)
    return { status: 415, body: `Content-Type: ${JOURNAL_CONTENT_TYPE} is required.\n`, reason: 'content_type' };
  const len = req.headers['content-length'];
  if (len !== undefined && Number(len) > maxUploadBytes) {
    return {
      status: 413,
      body: `Payload larger than maximum size of ${maxUploadBytes} bytes\n`,
      reason: 'content_length',
    };
  }
  if (parseContentEncoding(req.headers['content-encoding']) === null) {
    return {
      status: 415,
      body: `Content-Encoding ${req.headers['content-encoding']} is not supported (${ACCEPTED_ENCODINGS.join(', ')}).\n`,
      reason: 'encoding',
    };
  }
  return undefined;
}

/** The sender's identity: a valid bearer token's name, a verified client certificate's CN, else the peer address. */
async function identify(req: IncomingMessage, deps: JournalReceiverDeps): Promise<string | undefined> {
  const auth = req.headers['authorization'];
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const token = m && deps.tokens ? await deps.tokens.verify(m[1]!) : undefined;
    if (!token) return undefined;
    return token.name !== '' ? token.name : `token-${token.id}`;
  }
  const socket = req.socket as TLSSocket;
  if (socket.encrypted && socket.authorized) {
    const cn = socket.getPeerCertificate()?.subject?.CN;
    const name = Array.isArray(cn) ? cn[0] : cn;
    if (typeof name === 'string' && name !== '') return name;
  }
  if (deps.requireIdentity) return undefined;
  const addr = req.socket.remoteAddress ?? 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

async function* requestBody(req: IncomingMessage): AsyncGenerator<Uint8Array> {
  try {
    for await (const c of req) yield c as Uint8Array;
  } catch {
    throw new BodyAborted('the client closed the connection during the upload');
  }
  if (!req.complete) throw new BodyAborted('the client closed the connection during the upload');
}

/**
 * Answers one request as journal-remote does (cluster.md §1.3). `expectContinue`:
 * the client waits for `100 Continue`, sent only once the head is accepted
 * (so 413 for a too large Content-Length goes out before the body).
 */
export async function handleJournalUpload(
  req: IncomingMessage,
  res: ServerResponse,
  deps: JournalReceiverDeps,
  expectContinue = false,
): Promise<void> {
  const m = deps.metrics;
  const head = checkUploadHead(req, deps.maxUploadBytes);
  if (head) {
    m?.rejected(head.reason);
    // The body was not read: close rather than read it.
    answer(res, head.status, head.body, req.headers['content-length'] !== '0');
    return;
  }
  const host = await identify(req, deps);
  if (host === undefined) {
    m?.rejected('unauthorized');
    answer(res, 401, 'A valid token or client certificate is required.\n', true);
    return;
  }
  if (expectContinue) res.writeContinue();
  const now = deps.now ?? nowUs;
  let storeFailed: unknown;
  // Stored proper (a moment after the answer on SQLite): the live tail and the repeats' count follow then.
  const onStored = (r: AppendResult) => {
    if (r.duplicates > 0) m?.duplicates(host, r.duplicates);
    if (r.stored.length > 0) deps.tail?.publish(r.stored);
  };
  let stored = false;
  // Counted once they are durable (after `sync`): a failed store or sync answers 503 and counts nothing.
  let receivedEntries = 0;
  let receivedBytes = 0;
  const store = async (batch: ExportBatch) => {
    try {
      stored = true;
      await deps.repo.receive(host, batch, now(), onStored);
      receivedEntries += batch.entries;
      receivedBytes += batch.dataBytes;
    } catch (err) {
      storeFailed = err;
      throw err;
    }
  };
  try {
    const body = decodeBody(requestBody(req), parseContentEncoding(req.headers['content-encoding']) ?? undefined);
    const r = await ingestExport(body, store, deps.limits ? { limits: deps.limits } : {});
    // Whatever the answer, the complete entries it kept are durable before it goes out.
    if (stored) {
      try {
        await deps.repo.sync();
      } catch (err) {
        storeFailed = err;
        throw err;
      }
    }
    if (receivedEntries > 0) m?.received(host, receivedEntries, receivedBytes);
    if (r.rejected === 'aborted') {
      m?.rejected('aborted');
      deps.log?.info(
        { host, entries: r.entries },
        'journal upload aborted by the client; its complete entries are stored',
      );
      return;
    }
    if (r.rejected) {
      m?.rejected(r.rejected);
      deps.log?.warn({ host, status: r.status, entries: r.entries, message: r.body.trim() }, 'journal upload refused');
      answer(res, r.status, r.body, r.rejected !== 'premature_eof');
      return;
    }
    answer(res, 202, 'OK.\n');
  } catch (err) {
    if (err instanceof DecodingError) {
      m?.rejected('invalid');
      answer(
        res,
        400,
        `Content-Encoding ${req.headers['content-encoding']}: the body does not decode: ${err.message}\n`,
        true,
      );
      return;
    }
    if (storeFailed !== undefined) {
      m?.rejected('store');
      deps.log?.warn({ host, err: err instanceof Error ? err.message : String(err) }, 'journal upload not stored');
      answer(res, 503, 'Storing the entries failed; try again.\n', true);
      return;
    }
    m?.rejected('invalid');
    answer(res, 500, 'Processing failed.\n', true);
  }
}

export interface ReceiverTls {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
  /** CA certificates to verify clients with: a verified client's CN is its host name. */
  readonly ca?: string | Buffer;
}

/** The receiver on its own port (journal-remote's 19532): every request is an upload or refused as journal-remote refuses it. */
export function createJournalReceiverServer(deps: JournalReceiverDeps, tls?: ReceiverTls): Server {
  const server: Server = tls
    ? (createHttpsServer({
        key: tls.key,
        cert: tls.cert,
        ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: false } : {}),
      }) as unknown as Server)
    : createHttpServer();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handleJournalUpload(req, res, deps));
  server.on(
    'checkContinue',
    (req: IncomingMessage, res: ServerResponse) => void handleJournalUpload(req, res, deps, true),
  );
  // Uploads are long: no request timeout, but idle keep-alive connections go after 60 s.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 60_000;
  return server;
}

/** Reads the receiver's TLS files (PEM); AppError USAGE naming the option of a file that cannot be read. */
export async function readReceiverTls(files: { cert: string; key: string; ca?: string }): Promise<ReceiverTls> {
  const { readFile } = await import('node:fs/promises');
  const read = async (path: string, what: string) => {
    try {
      return await readFile(path);
    } catch (err) {
      throw new AppError(
        'USAGE',
        `${what}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
    }
  };
  return {
    cert: await read(files.cert, '--journal-tls-cert'),
    key: await read(files.key, '--journal-tls-key'),
    ...(files.ca !== undefined ? { ca: await read(files.ca, '--journal-tls-ca') } : {}),
  };
}
