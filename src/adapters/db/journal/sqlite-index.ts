import { decodeEntry } from '../../../journal/index.js';
import type { SqliteHandle, SqliteHandleStatement } from '../kysely-store.js';
import { COLUMN_FIELDS } from './match-sql.js';
import { indexTerms } from './rows.js';
import { valueKey } from './value-key.js';

export interface SqliteIndexed {
  /** Entries indexed by this step (fewer than asked: the indexer reached the newest entry). */
  readonly entries: number;
  /** Value ids created in this transaction: to remember only once it committed. */
  readonly pending: Map<string, bigint>;
  /** Column fields seen with a second value (they have entries in the match index). */
  readonly extraColumns: readonly string[];
}

/**
 * One step of the SQLite indexer (migration 0008): the entries past
 * journal_index_mark, oldest first, at most `limit`, get their match-index
 * row (journal_terms: tokens `v<journal_values.id>`) and MESSAGE's trigrams
 * (journal_text), read back from their stored bytes; the mark moves past
 * them in the same transaction, so a crash leaves them to the next step,
 * never indexed twice. Synchronous; the caller holds Kysely's connection lock
 * and wraps it in a transaction (`begin immediate` … `commit`).
 */
export function sqliteIndexer(
  raw: SqliteHandle,
): (limit: number, valueIds: ReadonlyMap<string, bigint>) => SqliteIndexed {
  let s:
    | Record<'mark' | 'tail' | 'setMark' | 'text' | 'terms' | 'valueGet' | 'valuePut', SqliteHandleStatement>
    | undefined;
  const prepare = () =>
    (s ??= {
      mark: raw.prepare('select through from journal_index_mark where id = 1').raw(true).safeIntegers(true),
      tail: raw
        .prepare('select id, data from journal_entries where id > ? order by id limit ?')
        .raw(true)
        .safeIntegers(true),
      setMark: raw.prepare('update journal_index_mark set through = ? where id = 1'),
      text: raw.prepare('insert into journal_text (rowid, message) values (?, ?)'),
      terms: raw.prepare('insert into journal_terms (rowid, terms) values (?, ?)'),
      valueGet: raw.prepare('select id from journal_values where name = ? and value = ?').raw(true).safeIntegers(true),
      valuePut: raw.prepare('insert into journal_values (name, value) values (?, ?)').safeIntegers(true),
    });

  return (limit, valueIds) => {
    const st = prepare();
    const pending = new Map<string, bigint>();
    const extra = new Set<string>();
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
    const mark = (st.mark.get() as [bigint] | undefined)?.[0] ?? 0n;
    const rows = st.tail.all(mark, limit) as Array<[bigint, Buffer]>;
    for (const [id, data] of rows) {
      const { message, indexed } = indexTerms(
        decodeEntry(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
      );
      if (message !== null) st.text.run(id, message);
      if (indexed.length > 0) {
        let terms = '';
        const ids = new Set<bigint>();
        for (const [name, value] of indexed) {
          const vid = valueId(name, value);
          if (ids.has(vid)) continue;
          ids.add(vid);
          terms += terms === '' ? `v${vid}` : ` v${vid}`;
          if (COLUMN_FIELDS[name] !== undefined) extra.add(name);
        }
        st.terms.run(id, terms);
      }
    }
    if (rows.length > 0) st.setMark.run(rows[rows.length - 1]![0]);
    return { entries: rows.length, pending, extraColumns: [...extra] };
  };
}
