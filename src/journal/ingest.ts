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
  /** Entries per `store` call (default 500). */
  readonly batchEntries?: number;
  /** Bytes (entrySize) per `store` call (default 4 MiB). */
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
  const result = (status: number, text: string, rejected?: IngestRejection): IngestResult => ({
    status,
    body: text,
    entries,
    bytes: parser.stats.bytes,
    droppedFields: parser.stats.droppedFields,
    ...(rejected ? { rejected } : {}),
  });
  let fault: unknown;
  try {
    for await (const chunk of body) {
      parser.push(chunk);
      if (batch.length >= maxEntries || batchBytes >= maxBytes) await flush();
    }
    parser.end();
  } catch (err) {
    fault = err;
  }
  // The complete entries before any fault are kept, as journal-remote keeps them.
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
