import {
  encodeEntry,
  entrySize,
  firstValue,
  messageText,
  realtimeOf,
  type JournalEntry,
} from '../../../journal/index.js';
import { COLUMN_FIELDS, isIndexedField } from './match-sql.js';

/** The largest value a signed 64-bit column holds: a realtime above it is stored as it (docs/journal.md). */
export const INT64_MAX = 2n ** 63n - 1n;

export const clampTime = (t: bigint): bigint => (t > INT64_MAX ? INT64_MAX : t < -1n ? -1n : t);

export interface EntryRow {
  readonly entry: JournalEntry;
  readonly cursor: string | null;
  /** -1 when the entry has no `__REALTIME_TIMESTAMP`. */
  readonly realtime: bigint;
  readonly bootId: Buffer | null;
  readonly unit: Buffer | null;
  readonly identifier: Buffer | null;
  readonly priority: Buffer | null;
  readonly message: string | null;
  readonly size: number;
  readonly data: Buffer;
  /** (name, value) pairs for the match index. */
  readonly indexed: ReadonlyArray<readonly [string, Uint8Array]>;
}

/** `cursorOf`, decoded natively (a cursor is ~110 ASCII bytes; Buffer's latin1 is the same code units as asciiOf). */
function cursorText(entry: JournalEntry): string | null {
  const v = firstValue(entry, '__CURSOR');
  return v === undefined ? null : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
}

/** `clampTime(realtimeOf(entry) ?? -1n)`, without a string for the usual value (1 to 15 decimal digits: exact as a double). */
function realtimeFast(entry: JournalEntry): bigint {
  const v = firstValue(entry, '__REALTIME_TIMESTAMP');
  if (v === undefined) return -1n;
  if (v.length > 0 && v.length <= 15) {
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const d = v[i]! - 0x30;
      if (d < 0 || d > 9) return -1n; // not a number: as realtimeOf
      n = n * 10 + d;
    }
    return BigInt(n);
  }
  return clampTime(realtimeOf(entry) ?? -1n);
}

const buf = (v: Uint8Array | undefined): Buffer | null =>
  v === undefined ? null : Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** An entry's match-index pairs and MESSAGE's text for the full-text index. */
export function indexTerms(entry: JournalEntry): {
  readonly message: string | null;
  readonly indexed: ReadonlyArray<readonly [string, Uint8Array]>;
} {
  const seen = new Set<string>();
  const indexed: Array<readonly [string, Uint8Array]> = [];
  for (const f of entry.fields) {
    if (COLUMN_FIELDS[f.name] !== undefined) {
      // The first value is the column; more values of a column field go to the index whatever their size.
      if (seen.has(f.name)) indexed.push([f.name, f.value]);
      seen.add(f.name);
    } else if (isIndexedField(f.name, f.value)) indexed.push([f.name, f.value]);
  }
  const msg = messageText(entry);
  // PostgreSQL's text holds no NUL; a space keeps every ASCII word the full-text search looks for.
  return { message: msg === undefined ? null : msg.includes('\0') ? msg.replaceAll('\0', ' ') : msg, indexed };
}

const NO_TERMS = { message: null, indexed: [] };

/**
 * What a store writes for an entry: its columns, its exact bytes and (unless
 * `terms` is false: SQLite indexes them later, sqlite-index.ts) its
 * match-index pairs and MESSAGE's text.
 */
export function toRow(entry: JournalEntry, terms = true): EntryRow {
  const { message, indexed } = terms ? indexTerms(entry) : NO_TERMS;
  const data = encodeEntry(entry);
  return {
    entry,
    cursor: cursorText(entry),
    realtime: realtimeFast(entry),
    bootId: buf(firstValue(entry, '_BOOT_ID')),
    unit: buf(firstValue(entry, '_SYSTEMD_UNIT')),
    identifier: buf(firstValue(entry, 'SYSLOG_IDENTIFIER')),
    priority: buf(firstValue(entry, 'PRIORITY')),
    message,
    size: entrySize(entry),
    data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    indexed,
  };
}
