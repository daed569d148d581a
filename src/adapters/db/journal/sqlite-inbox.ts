import { ExportParser, STORED_EXPORT_LIMITS, type JournalEntry } from '../../../journal/index.js';
import type { SqliteHandle, SqliteHandleStatement } from '../kysely-store.js';

export interface InboxRow {
  readonly id: bigint;
  readonly host: string;
  readonly receivedAt: bigint;
  readonly entries: readonly JournalEntry[];
  /** The row's bytes (what it held of the inbox's backlog). */
  readonly bytes: number;
}

/**
 * The SQLite journal inbox (migration 0009): the receiver's batches as they
 * came, until the indexer moves their entries into journal_entries.
 * Synchronous, statements prepared once; the caller holds Kysely's
 * connection lock and the transaction.
 */
export function sqliteInbox(raw: SqliteHandle) {
  let s: Record<'put' | 'first' | 'drop' | 'backlog', SqliteHandleStatement> | undefined;
  const prepare = () =>
    (s ??= {
      put: raw.prepare('insert into journal_inbox (host, received_at, entries, data) values (?, ?, ?, ?)'),
      first: raw
        .prepare('select id, host, received_at, data from journal_inbox order by id limit 1')
        .raw(true)
        .safeIntegers(true),
      drop: raw.prepare('delete from journal_inbox where id = ?'),
      backlog: raw.prepare('select coalesce(sum(length(data)), 0) from journal_inbox').raw(true).safeIntegers(true),
    });
  return {
    /** Stores one batch; its row id. */
    put(host: string, receivedAt: bigint, entries: number, bytes: Uint8Array): bigint {
      const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return BigInt(prepare().put.run(host, receivedAt, entries, data).lastInsertRowid);
    },
    /** The oldest row, its entries read back, and removes it (the caller stores them in the same transaction). */
    take(): InboxRow | undefined {
      const st = prepare();
      const row = st.first.get() as [bigint, string, bigint, Buffer] | undefined;
      if (row === undefined) return undefined;
      const [id, host, receivedAt, data] = row;
      st.drop.run(id);
      return { id, host, receivedAt, entries: readBack(data), bytes: data.length };
    },
    /** Bytes waiting in the inbox. */
    backlog(): number {
      return Number((prepare().backlog.get() as [bigint])[0]);
    },
  };
}

/** A row's entries; the receiver framed them, so only a damaged file fails here: the entries before the damage are kept. */
function readBack(data: Buffer): JournalEntry[] {
  const got: JournalEntry[] = [];
  const parser = new ExportParser((e) => got.push(e), STORED_EXPORT_LIMITS);
  try {
    parser.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    parser.end();
  } catch {
    // the rest is damaged
  }
  return got;
}
