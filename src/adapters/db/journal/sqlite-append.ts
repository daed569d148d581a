import type { SqliteHandle, SqliteHandleStatement } from '../kysely-store.js';
import { COLUMN_FIELDS } from './match-sql.js';
import type { EntryRow } from './rows.js';
import { valueKey } from './value-key.js';

export interface SqliteAppended {
  readonly placed: Array<{ row: EntryRow; id: bigint }>;
  readonly duplicates: number;
  /** Value ids created in this transaction: to remember only once it committed. */
  readonly pending: Map<string, bigint>;
  /** Column fields seen with a second value (they have entries in the match index). */
  readonly extraColumns: readonly string[];
}

/**
 * The SQLite append, synchronous on better-sqlite3 with statements prepared
 * once (the hot path of ingest: about 3 statements an entry, no SQL text built
 * per call). The caller holds Kysely's connection lock and wraps this in a
 * transaction (`begin immediate` … `commit`).
 */
export function sqliteAppender(raw: SqliteHandle): (host: string, rows: readonly EntryRow[], receivedAt: bigint, valueIds: ReadonlyMap<string, bigint>) => SqliteAppended {
  let s: Record<'known' | 'entry' | 'text' | 'terms' | 'valueGet' | 'valuePut', SqliteHandleStatement> | undefined;
  const prepare = () =>
    (s ??= {
      known: raw.prepare('select 1 from journal_entries where host = ? and cursor = ?').raw(true),
      entry: raw.prepare(
        'insert into journal_entries (host, realtime, received_at, cursor, boot_id, unit, identifier, priority, message, size, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      text: raw.prepare('insert into journal_text (rowid, message) values (?, ?)'),
      terms: raw.prepare('insert into journal_terms (rowid, terms) values (?, ?)'),
      valueGet: raw.prepare('select id from journal_values where name = ? and value = ?').raw(true).safeIntegers(true),
      valuePut: raw.prepare('insert into journal_values (name, value) values (?, ?)').safeIntegers(true),
    });

  return (host, rows, receivedAt, valueIds) => {
    const st = prepare();
    const pending = new Map<string, bigint>();
    const seen = new Set<string>();
    const extra = new Set<string>();
    const placed: Array<{ row: EntryRow; id: bigint }> = [];
    let duplicates = 0;
    const valueId = (name: string, value: Uint8Array): bigint => {
      const key = valueKey(name, value);
      const cached = valueIds.get(key) ?? pending.get(key);
      if (cached !== undefined) return cached;
      const v = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      const got = st.valueGet.get(name, v) as [bigint] | undefined;
      const id = got !== undefined ? got[0] : BigInt(st.valuePut.run(name, v).lastInsertRowid);
      pending.set(key, id);
      return id;
    };
    for (const r of rows) {
      // Repeats: a cursor this host sent before, or earlier in this upload.
      if (r.cursor !== null) {
        if (seen.has(r.cursor) || st.known.get(host, r.cursor) !== undefined) {
          duplicates++;
          continue;
        }
        seen.add(r.cursor);
      }
      const id = BigInt(
        st.entry.run(host, r.realtime, receivedAt, r.cursor, r.bootId, r.unit, r.identifier, r.priority, null, r.size, r.data).lastInsertRowid,
      );
      // MESSAGE's text goes to journal_text only (the column is PostgreSQL's; 0005's rows keep theirs).
      if (r.message !== null) st.text.run(id, r.message);
      if (r.indexed.length > 0) {
        let terms = '';
        const ids = new Set<bigint>();
        for (const [name, value] of r.indexed) {
          const vid = valueId(name, value);
          if (ids.has(vid)) continue;
          ids.add(vid);
          terms += terms === '' ? `v${vid}` : ` v${vid}`;
          if (COLUMN_FIELDS[name] !== undefined) extra.add(name);
        }
        st.terms.run(id, terms);
      }
      placed.push({ row: r, id });
    }
    return { placed, duplicates, pending, extraColumns: [...extra] };
  };
}
