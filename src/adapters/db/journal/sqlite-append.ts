import type { SqliteHandle, SqliteHandleStatement } from '../kysely-store.js';
import type { EntryRow } from './rows.js';

export interface SqliteAppended {
  readonly placed: Array<{ row: EntryRow; id: bigint }>;
  readonly duplicates: number;
}

/**
 * The SQLite append, synchronous on better-sqlite3 with statements prepared
 * once (the hot path of ingest: two statements an entry, no SQL text built
 * per call): the repeat check on (host, cursor) and the entry's row. The
 * match index and MESSAGE's full-text rows are written after, by the
 * indexer (sqlite-index.ts). The caller holds Kysely's connection lock and
 * wraps this in a transaction (`begin immediate` … `commit`).
 */
export function sqliteAppender(
  raw: SqliteHandle,
): (host: string, rows: readonly EntryRow[], receivedAt: bigint) => SqliteAppended {
  let s: Record<'known' | 'entry', SqliteHandleStatement> | undefined;
  const prepare = () =>
    (s ??= {
      known: raw.prepare('select 1 from journal_entries where host = ? and cursor = ?').raw(true),
      entry: raw.prepare(
        'insert into journal_entries (host, realtime, received_at, cursor, boot_id, unit, identifier, priority, message, size, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    });

  return (host, rows, receivedAt) => {
    const st = prepare();
    const seen = new Set<string>();
    const placed: Array<{ row: EntryRow; id: bigint }> = [];
    let duplicates = 0;
    for (const r of rows) {
      // Repeats: a cursor this host sent before, or earlier in this upload.
      if (r.cursor !== null) {
        if (seen.has(r.cursor) || st.known.get(host, r.cursor) !== undefined) {
          duplicates++;
          continue;
        }
        seen.add(r.cursor);
      }
      // MESSAGE's text goes to journal_text only (the column is PostgreSQL's; 0005's rows keep theirs).
      const id = BigInt(
        st.entry.run(
          host,
          r.realtime,
          receivedAt,
          r.cursor,
          r.bootId,
          r.unit,
          r.identifier,
          r.priority,
          null,
          r.size,
          r.data,
        ).lastInsertRowid,
      );
      placed.push({ row: r, id });
    }
    return { placed, duplicates };
  };
}
