/**
 * The journal's storage port: what the receiver writes and the query side
 * reads. Implemented in memory (`src/adapters/memory/journal-repository.ts`,
 * for tests and `hull journal --file`), on SQLite and on PostgreSQL; one
 * conformance suite for all.
 */
import type { JournalEntry } from './entry.js';
import { parseExport } from './export-parser.js';
import { STORED_EXPORT_LIMITS, type ExportBatch } from './ingest.js';
import type { JournalQuery, StoredEntry } from './query.js';

export interface AppendResult {
  /** The entries stored now, in order, with their positions. */
  readonly stored: readonly StoredEntry[];
  /** Entries left out because the host had sent them before (an at-least-once sender re-sending its cursor's entry). */
  readonly duplicates: number;
}

export interface QueryPage {
  readonly entries: readonly StoredEntry[];
  /** The position to pass as `after` for the next page, or null when this page is the last one now. */
  readonly next: string | null;
}

export interface JournalBoot {
  readonly bootId: string;
  readonly firstRealtime: bigint | null;
  readonly lastRealtime: bigint | null;
  readonly entries: number;
}

export interface JournalHost {
  readonly host: string;
  readonly firstRealtime: bigint | null;
  readonly lastRealtime: bigint | null;
  readonly entries: number;
  /** The entries' data as journald counts it (`entrySize`). */
  readonly bytes: number;
  readonly boots: number;
}

export interface JournalRepository {
  /**
   * Stores the entries received from `host`, in order. Resolves only when they
   * are durable (the receiver acknowledges the upload after this): an upload
   * is stored whole or not at all.
   */
  append(host: string, entries: readonly JournalEntry[], receivedAt: bigint): Promise<AppendResult>;
  /**
   * The receiver's path: stores an upload's complete entries as the export
   * bytes it framed (`ingestExport`), durable once `sync` resolves after it.
   * They reach queries, `hosts` and `onStored` (what `append` would answer:
   * the positions, the repeats left out) once stored proper, at once or a
   * moment later (SQLite: its indexer, docs/journal.md#the-store).
   */
  receive(
    host: string,
    batch: ExportBatch,
    receivedAt: bigint,
    onStored?: (result: AppendResult) => void,
  ): Promise<void>;
  /** Makes every batch `receive` stored so far durable (the receiver answers after it). */
  sync(): Promise<void>;
  query(q: JournalQuery): Promise<QueryPage>;
  hosts(): Promise<readonly JournalHost[]>;
  /** A host's boots, oldest first by their first entry (`-b -1`, `--list-boots`). */
  boots(host: string): Promise<readonly JournalBoot[]>;
  /** The distinct values of a field among the entries the query selects (`-F`). */
  fieldValues(name: string, q?: JournalQuery): Promise<readonly Uint8Array[]>;
  /** Removes a host's entries; the count removed. */
  deleteHost(host: string): Promise<number>;
  stats(): Promise<{ readonly entries: number; readonly bytes: number }>;
  /**
   * Retention: deletes entries older than `before` (their `__REALTIME_TIMESTAMP`,
   * or the receive time for an entry without one), then the oldest entries (in
   * the store's order) of each host over `hostMaxBytes`, then the oldest of all
   * over `maxBytes` (sizes as `entrySize` counts them).
   */
  prune(policy: JournalRetention): Promise<PruneResult>;
}

export interface JournalRetention {
  /** µs since the epoch. */
  readonly before?: bigint;
  readonly hostMaxBytes?: number;
  readonly maxBytes?: number;
}

export interface PruneResult {
  readonly deletedByAge: number;
  readonly deletedBySize: number;
}

/** Live tail: the receiver publishes what it stored, subscribers (SSE, `hull journal -f`) filter. */
export interface JournalTail {
  publish(entries: readonly StoredEntry[]): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (entries: readonly StoredEntry[]) => void): () => void;
}

/** `receive` for a store whose `append` is its fastest path: the batch is parsed and appended at once. */
export function receiveByAppending(append: JournalRepository['append']): JournalRepository['receive'] {
  return async (host, batch, receivedAt, onStored) => {
    const result = await append(host, parseExport(batch.bytes, STORED_EXPORT_LIMITS), receivedAt);
    tellStored(onStored, result);
  };
}

/**
 * Calls a `receive` caller's `onStored`. The entries are stored by then: what the caller does with the news
 * (metrics, the live tail) must not fail the store, nor the indexer's move or the read waiting for it, so a
 * throwing callback is ignored.
 */
export function tellStored(onStored: ((result: AppendResult) => void) | undefined, result: AppendResult): void {
  try {
    onStored?.(result);
  } catch {
    // the callback's own failure; the entries are stored
  }
}
