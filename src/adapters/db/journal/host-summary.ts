import type { StoreDialect } from '../migration.js';
import type { EntryRow } from './rows.js';

/** What one append adds to its host's summary (journal_hosts, journal_host_boots; migration 0007). */
export interface HostDelta {
  readonly entries: number;
  readonly bytes: number;
  /** Smallest and largest realtime of the entries that have one, or null. */
  readonly first: bigint | null;
  readonly last: bigint | null;
  readonly boots: readonly Buffer[];
}

/** The summary of the rows an append placed (duplicates left out by the caller). */
export function hostDelta(rows: Iterable<EntryRow>): HostDelta {
  let entries = 0;
  let bytes = 0;
  let first: bigint | null = null;
  let last: bigint | null = null;
  const boots = new Map<string, Buffer>();
  for (const r of rows) {
    entries++;
    bytes += r.size;
    if (r.realtime >= 0n) {
      if (first === null || r.realtime < first) first = r.realtime;
      if (last === null || r.realtime > last) last = r.realtime;
    }
    if (r.bootId !== null) {
      const k = r.bootId.toString('latin1');
      if (!boots.has(k)) boots.set(k, r.bootId);
    }
  }
  return { entries, bytes, first, last, boots: [...boots.values()] };
}

/** The upsert adding a delta: parameters host, first, last, entries, bytes. */
export function hostUpsertSql(dialect: StoreDialect): string {
  const pg = dialect === 'postgres';
  const p = (i: number) => (pg ? `$${i}` : '?');
  // SQLite's two-argument min/max are NULL when either is; PostgreSQL's least/greatest skip NULLs.
  const lo = pg
    ? 'least(journal_hosts.first_realtime, excluded.first_realtime)'
    : 'coalesce(min(journal_hosts.first_realtime, excluded.first_realtime), journal_hosts.first_realtime, excluded.first_realtime)';
  const hi = pg
    ? 'greatest(journal_hosts.last_realtime, excluded.last_realtime)'
    : 'coalesce(max(journal_hosts.last_realtime, excluded.last_realtime), journal_hosts.last_realtime, excluded.last_realtime)';
  return (
    `insert into journal_hosts (host, first_realtime, last_realtime, entries, bytes) values (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}) ` +
    `on conflict (host) do update set first_realtime = ${lo}, last_realtime = ${hi}, ` +
    'entries = journal_hosts.entries + excluded.entries, bytes = journal_hosts.bytes + excluded.bytes'
  );
}

/** Parameters host, boot id. */
export function hostBootSql(dialect: StoreDialect): string {
  return dialect === 'postgres'
    ? 'insert into journal_host_boots (host, boot_id) values ($1, $2) on conflict do nothing'
    : 'insert into journal_host_boots (host, boot_id) values (?, ?) on conflict do nothing';
}
