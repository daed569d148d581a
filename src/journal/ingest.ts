/**
 * The receiver's core, independent of HTTP: an upload body (already
 * de-chunked and decompressed) is parsed as it streams, complete entries are
 * handed to `store` in batches (the stream waits while a batch is written,
 * so memory stays bounded), and the answer is journal-remote's for what
 * happened (cluster.md §1.3): 202 `OK.` when every entry is stored; 417
 * `Premature EOF…` when the body ends inside an entry (the complete entries
 * before it are stored); 413 `Entry is too large…` for a field, an entry or a
 * field count over the limits; 422 `Processing failed: …` for a stream that
 * is not the export format. The answer comes only after `store` resolved for
 * every batch (an entry is acknowledged once durable).
 */
import { isAppError } from '../core/index.js';
import type { JournalEntry } from './entry.js';
import { entrySize } from './entry.js';
import { DEFAULT_EXPORT_LIMITS, ExportParser, type ExportLimits } from './export-parser.js';

export interface IngestOptions {
  readonly limits?: Partial<ExportLimits>;
  /** Entries per `store` call (default 500; `ingestExport` 1000). */
  readonly batchEntries?: number;
  /** Bytes per `store` call (entrySize, default 4 MiB; `ingestExport`: export bytes, 1 MiB). */
  readonly batchBytes?: number;
}

export type IngestRejection = 'too_large' | 'premature_eof' | 'invalid' | 'aborted';

export interface IngestResult {
  readonly status: number;
  readonly body: string;
  /** Entries handed to `store`. */
  readonly entries: number;
  /** Body bytes parsed. */
  readonly bytes: number;
  /** Fields dropped for an invalid name (as journal-remote drops them). */
  readonly droppedFields: number;
  readonly rejected?: IngestRejection;
}

/** Thrown by the body's iterator when the client went away; the complete entries are stored, no answer is sent. */
export class BodyAborted extends Error {
  override readonly name = 'BodyAborted';
}

export async function ingestStream(
  body: AsyncIterable<Uint8Array>,
  store: (entries: JournalEntry[]) => Promise<void>,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const limits = { ...DEFAULT_EXPORT_LIMITS, ...options.limits };
  const maxEntries = options.batchEntries ?? 500;
  const maxBytes = options.batchBytes ?? 4 * 1024 * 1024;
  let batch: JournalEntry[] = [];
  let batchBytes = 0;
  let entries = 0;
  const parser = new ExportParser((e) => {
    batch.push(e);
    batchBytes += entrySize(e);
  }, limits);
  const flush = async () => {
    if (batch.length === 0) return;
    const out = batch;
    batch = [];
    batchBytes = 0;
    entries += out.length;
    await store(out);
  };
  return drive(
    body,
    parser,
    limits,
    flush,
    (c) => {
      parser.push(c);
      return batch.length >= maxEntries || batchBytes >= maxBytes;
    },
    () => entries,
  );
}

/** Complete entries of an upload in the export format, exactly as they came (framed and checked by the receiver's parser). */
export interface ExportBatch {
  readonly bytes: Uint8Array;
  readonly entries: number;
  /** Their fields' bytes as journald counts them (`NAME=value`), dropped fields left out. */
  readonly dataBytes: number;
}

/** Limits to read back what a receiver framed already (its own limits may have been larger than the defaults). */
export const STORED_EXPORT_LIMITS: ExportLimits = {
  maxFieldBytes: Number.MAX_SAFE_INTEGER,
  maxEntryBytes: Number.MAX_SAFE_INTEGER,
  maxFields: Number.MAX_SAFE_INTEGER,
};

/**
 * `ingestStream` without building entries: the body is framed
 * (`ExportParser.framing`: the same checks, limits and answers) and the bytes
 * of its complete entries are handed to `store` as they came, in batches of
 * about `batchEntries` entries (default 1000) or `batchBytes` (default 1 MiB).
 * A store reads them back with `parseExport(bytes, STORED_EXPORT_LIMITS)`.
 */
export async function ingestExport(
  body: AsyncIterable<Uint8Array>,
  store: (batch: ExportBatch) => Promise<void>,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const limits = { ...DEFAULT_EXPORT_LIMITS, ...options.limits };
  const maxEntries = options.batchEntries ?? 1000;
  const maxBytes = options.batchBytes ?? 1024 * 1024;
  const parser = ExportParser.framing(limits);
  // buf[0] is the stream's byte `bufStart`; it holds what is not handed to `store` yet.
  let buf = new Uint8Array(Math.min(maxBytes, 4 * 1024 * 1024) + 256 * 1024);
  let used = 0;
  let bufStart = 0;
  let doneEntries = 0;
  let doneData = 0;
  const flush = async () => {
    const end = parser.lastEntryEnd - bufStart;
    const n = parser.stats.entries - doneEntries;
    const out = buf.subarray(0, end);
    // Room for the next batch and a chunk past it: no growing (and copying) on the way.
    const rest = new Uint8Array(Math.max(maxBytes + 256 * 1024, 2 * (used - end)));
    rest.set(buf.subarray(end, used));
    buf = rest;
    used -= end;
    bufStart += end;
    if (n === 0) return; // only blank lines or dropped fields
    const dataBytes = parser.stats.dataBytes - doneData;
    doneEntries += n;
    doneData += dataBytes;
    await store({ bytes: out, entries: n, dataBytes });
  };
  return drive(
    body,
    parser,
    limits,
    flush,
    (c) => {
      if (used + c.length > buf.length) {
        const grown = new Uint8Array(Math.max(2 * buf.length, used + c.length));
        grown.set(buf.subarray(0, used));
        buf = grown;
      }
      buf.set(c, used);
      used += c.length;
      parser.push(c);
      return parser.stats.entries - doneEntries >= maxEntries || parser.lastEntryEnd - bufStart >= maxBytes;
    },
    () => doneEntries,
  );
}

/**
 * The loop both share: `push` feeds a chunk and says whether a batch is due;
 * the complete entries before any fault are stored (as journal-remote keeps
 * them), and the answer is journal-remote's for what happened.
 */
async function drive(
  body: AsyncIterable<Uint8Array>,
  parser: ExportParser,
  limits: ExportLimits,
  flush: () => Promise<void>,
  push: (chunk: Uint8Array) => boolean,
  stored: () => number,
): Promise<IngestResult> {
  const result = (status: number, text: string, rejected?: IngestRejection): IngestResult => ({
    status,
    body: text,
    entries: stored(),
    bytes: parser.stats.bytes,
    droppedFields: parser.stats.droppedFields,
    ...(rejected ? { rejected } : {}),
  });
  let fault: unknown;
  try {
    for await (const chunk of body) if (push(chunk)) await flush();
    parser.end();
  } catch (err) {
    fault = err;
  }
  await flush();
  if (fault === undefined) return result(202, 'OK.\n');
  if (fault instanceof BodyAborted) return result(400, 'Upload aborted.\n', 'aborted');
  if (isAppError(fault)) {
    switch (fault.code) {
      case 'JOURNAL_EXPORT_TRUNCATED':
        return result(417, `${fault.message}\n`, 'premature_eof');
      case 'JOURNAL_ENTRY_TOO_LARGE':
        return result(
          413,
          `Entry is too large, maximum is ${limits.maxEntryBytes} bytes (${fault.message}).\n`,
          'too_large',
        );
      case 'JOURNAL_EXPORT_INVALID':
        return result(422, `Processing failed: ${fault.message}\n`, 'invalid');
    }
  }
  throw fault;
}
