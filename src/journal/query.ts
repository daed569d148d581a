/**
 * What a journal query asks, independent of where the entries live: the
 * model that `hull journal`'s flags, the API's parameters and the live tail's
 * filters compile to, and that every `JournalRepository` (memory, SQLite,
 * PostgreSQL) answers. `matchesQuery` is the reference meaning: a store may
 * use indexes, full-text search or SQL, but must select exactly the entries
 * it selects (the repositories' conformance suite holds them to it).
 *
 * journalctl's rules map onto `MatchExpr` so: `FIELD=VALUE` matches of the
 * same field are ORed, of different fields ANDed, `+` ORs whole groups; `-u`,
 * `-t`, `-p`, `-b` and `-M` add their own terms (a unit's several forms as an
 * `or`), ANDed with the rest. Building that expression is the query engine's
 * work; this file only says what an expression selects.
 */
import type { JournalEntry } from './entry.js';
import { asciiOf, realtimeOf } from './entry.js';

export type MatchExpr =
  /** The entry has a field `name` with exactly these bytes (any of its values, for a multi-valued field). */
  | { readonly kind: 'field'; readonly name: string; readonly value: Uint8Array }
  /** The entry was received from this host (the identity the receiver gave it; not a journal field). */
  | { readonly kind: 'host'; readonly host: string }
  /** All of (an empty `and` is true). */
  | { readonly kind: 'and'; readonly of: readonly MatchExpr[] }
  /** Any of (an empty `or` is false). */
  | { readonly kind: 'or'; readonly of: readonly MatchExpr[] };

/**
 * `-g`: a regular expression over MESSAGE, already in JavaScript's syntax,
 * matched against MESSAGE's bytes as latin1 text (one code unit per byte:
 * `messageBytesText`), as journalctl's PCRE2 matches in byte mode;
 * `compileGrep` (pattern.ts) translates journalctl's pattern and case rule
 * into it (its flags are ''). A store that filters in SQL must select the
 * same entries.
 */
export interface GrepFilter {
  readonly source: string;
  readonly flags: '' | 'i';
}

export interface JournalQuery {
  readonly where?: MatchExpr;
  /** `__REALTIME_TIMESTAMP` ≥ since, in µs since the epoch (`-S`). */
  readonly since?: bigint;
  /** `__REALTIME_TIMESTAMP` ≤ until, in µs since the epoch (`-U`). */
  readonly until?: bigint;
  readonly grep?: GrepFilter;
  /** A position from an earlier answer: only entries after it in the query's direction (paging, `-f` resuming). */
  readonly after?: string;
  /** Newest first (`-r`; `-n N` without `-r` asks the newest N in reverse, then prints them oldest first). */
  readonly reverse?: boolean;
  /** At most this many entries. */
  readonly limit?: number;
}

/** An entry as a store holds it. */
export interface StoredEntry {
  /**
   * Opaque, and ordered as the store orders entries: by `__REALTIME_TIMESTAMP`,
   * then by host, then by arrival (journalctl interleaves files by time).
   */
  readonly position: string;
  /** The identity of the machine that sent it: a client certificate's CN, a token's name, or the peer address. */
  readonly host: string;
  /** When the receiver stored it, µs since the epoch. */
  readonly receivedAt: bigint;
  readonly entry: JournalEntry;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function matchesExpr(stored: Pick<StoredEntry, 'host' | 'entry'>, expr: MatchExpr): boolean {
  switch (expr.kind) {
    case 'field':
      return stored.entry.fields.some((f) => f.name === expr.name && sameBytes(f.value, expr.value));
    case 'host':
      return stored.host === expr.host;
    case 'and':
      return expr.of.every((e) => matchesExpr(stored, e));
    case 'or':
      return expr.of.some((e) => matchesExpr(stored, e));
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** MESSAGE's first value as text (invalid UTF-8 replaced), or undefined when the entry has none. */
export function messageText(entry: JournalEntry): string | undefined {
  const f = entry.fields.find((x) => x.name === 'MESSAGE');
  return f === undefined ? undefined : utf8.decode(f.value);
}

/** MESSAGE's first value, one code unit per byte (what `-g` matches), or undefined when the entry has none. */
export function messageBytesText(entry: JournalEntry): string | undefined {
  const f = entry.fields.find((x) => x.name === 'MESSAGE');
  return f === undefined ? undefined : asciiOf(f.value);
}

/**
 * True when the query selects the entry, leaving out paging (`after`,
 * `limit`, `reverse`): the reference every store is checked against. An entry
 * without `__REALTIME_TIMESTAMP` fails every time bound; an entry without
 * MESSAGE fails every grep.
 */
export function matchesQuery(stored: Pick<StoredEntry, 'host' | 'entry'>, q: JournalQuery, grep?: RegExp): boolean {
  if (q.where && !matchesExpr(stored, q.where)) return false;
  if (q.since !== undefined || q.until !== undefined) {
    const t = realtimeOf(stored.entry);
    if (t === undefined) return false;
    if (q.since !== undefined && t < q.since) return false;
    if (q.until !== undefined && t > q.until) return false;
  }
  if (q.grep) {
    const m = messageBytesText(stored.entry);
    if (m === undefined) return false;
    if (!(grep ?? new RegExp(q.grep.source, q.grep.flags)).test(m)) return false;
  }
  return true;
}
