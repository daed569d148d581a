import {
  bootIdOf,
  cursorOf,
  entrySize,
  matchesQuery,
  realtimeOf,
  receiveByAppending,
  type AppendResult,
  type JournalBoot,
  type JournalEntry,
  type JournalHost,
  type JournalQuery,
  type JournalRepository,
  type JournalRetention,
  type PruneResult,
  type QueryPage,
  type StoredEntry,
} from '../../journal/index.js';

interface Row extends StoredEntry {
  readonly seq: number;
  readonly realtime: bigint;
}

/** Orders as every store does: realtime (an entry without one first), then host, then arrival. */
function compareRows(a: Row, b: Row): number {
  if (a.realtime !== b.realtime) return a.realtime < b.realtime ? -1 : 1;
  if (a.host !== b.host) return a.host < b.host ? -1 : 1;
  return a.seq - b.seq;
}

const positionOf = (seq: number): string => `m${seq}`;

/**
 * The journal store in memory, for tests of the layers above and for
 * `hull journal --file` (an export file read whole, then queried). An entry
 * repeats an earlier one when the same host sent an entry with the same
 * `__CURSOR` before; entries without a cursor are never taken for repeats.
 */
export class MemoryJournalRepository implements JournalRepository {
  private rows: Row[] = [];
  private sorted = true;
  private seq = 0;
  private readonly cursors = new Map<string, Set<string>>();

  readonly receive: JournalRepository['receive'] = receiveByAppending((host, entries, at) =>
    this.append(host, entries, at),
  );

  async sync(): Promise<void> {}

  async append(host: string, entries: readonly JournalEntry[], receivedAt: bigint): Promise<AppendResult> {
    const seen = this.cursors.get(host) ?? new Set<string>();
    this.cursors.set(host, seen);
    const stored: StoredEntry[] = [];
    let duplicates = 0;
    for (const entry of entries) {
      const cursor = cursorOf(entry);
      if (cursor !== undefined) {
        if (seen.has(cursor)) {
          duplicates++;
          continue;
        }
        seen.add(cursor);
      }
      const seq = ++this.seq;
      const row: Row = { seq, position: positionOf(seq), host, receivedAt, entry, realtime: realtimeOf(entry) ?? -1n };
      const last = this.rows[this.rows.length - 1];
      if (last && compareRows(last, row) > 0) this.sorted = false;
      this.rows.push(row);
      stored.push(row);
    }
    return { stored, duplicates };
  }

  private ordered(): Row[] {
    if (!this.sorted) {
      this.rows.sort(compareRows);
      this.sorted = true;
    }
    return this.rows;
  }

  async query(q: JournalQuery): Promise<QueryPage> {
    const rows = this.ordered();
    const grep = q.grep ? new RegExp(q.grep.source, q.grep.flags) : undefined;
    const after = q.after === undefined ? undefined : rows.find((r) => r.position === q.after);
    const inOrder = q.reverse ? [...rows].reverse() : rows;
    const limit = q.limit ?? Number.POSITIVE_INFINITY;
    const out: Row[] = [];
    let more = false;
    for (const r of inOrder) {
      if (after && (q.reverse ? compareRows(r, after) >= 0 : compareRows(r, after) <= 0)) continue;
      if (!matchesQuery(r, q, grep)) continue;
      if (out.length >= limit) {
        more = true;
        break;
      }
      out.push(r);
    }
    const lastOut = out[out.length - 1];
    return { entries: out, next: more && lastOut ? lastOut.position : null };
  }

  async hosts(): Promise<readonly JournalHost[]> {
    const by = new Map<
      string,
      { first: bigint | null; last: bigint | null; entries: number; bytes: number; boots: Set<string> }
    >();
    for (const r of this.ordered()) {
      const h = by.get(r.host) ?? { first: null, last: null, entries: 0, bytes: 0, boots: new Set<string>() };
      by.set(r.host, h);
      const t = realtimeOf(r.entry);
      if (t !== undefined) {
        if (h.first === null || t < h.first) h.first = t;
        if (h.last === null || t > h.last) h.last = t;
      }
      h.entries++;
      h.bytes += entrySize(r.entry);
      const b = bootIdOf(r.entry);
      if (b !== undefined) h.boots.add(b);
    }
    return [...by.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([host, h]) => ({
        host,
        firstRealtime: h.first,
        lastRealtime: h.last,
        entries: h.entries,
        bytes: h.bytes,
        boots: h.boots.size,
      }));
  }

  async boots(host: string): Promise<readonly JournalBoot[]> {
    const by = new Map<string, { first: bigint | null; last: bigint | null; entries: number; seq: number }>();
    for (const r of this.ordered()) {
      if (r.host !== host) continue;
      const id = bootIdOf(r.entry);
      if (id === undefined) continue;
      const b = by.get(id) ?? { first: null, last: null, entries: 0, seq: r.seq };
      by.set(id, b);
      const t = realtimeOf(r.entry);
      if (t !== undefined) {
        if (b.first === null || t < b.first) b.first = t;
        if (b.last === null || t > b.last) b.last = t;
      }
      b.entries++;
    }
    return [...by.entries()]
      .sort(([, a], [, b]) =>
        a.first === b.first ? a.seq - b.seq : a.first === null ? -1 : b.first === null ? 1 : a.first < b.first ? -1 : 1,
      )
      .map(([bootId, b]) => ({ bootId, firstRealtime: b.first, lastRealtime: b.last, entries: b.entries }));
  }

  async fieldValues(name: string, q: JournalQuery = {}): Promise<readonly Uint8Array[]> {
    const grep = q.grep ? new RegExp(q.grep.source, q.grep.flags) : undefined;
    const seen = new Map<string, Uint8Array>();
    for (const r of this.ordered()) {
      if (!matchesQuery(r, q, grep)) continue;
      for (const f of r.entry.fields) if (f.name === name) seen.set(Buffer.from(f.value).toString('latin1'), f.value);
    }
    return [...seen.values()];
  }

  async deleteHost(host: string): Promise<number> {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => r.host !== host);
    this.cursors.delete(host);
    return before - this.rows.length;
  }

  async prune(policy: JournalRetention): Promise<PruneResult> {
    const before = this.rows.length;
    if (policy.before !== undefined) {
      const cut = policy.before;
      this.rows = this.rows.filter((r) => (r.realtime >= 0n ? r.realtime >= cut : r.receivedAt >= cut));
    }
    const byAge = before - this.rows.length;
    const drop = new Set<Row>();
    const over = (rows: readonly Row[], max: number) => {
      let total = 0;
      for (const r of rows) if (!drop.has(r)) total += entrySize(r.entry);
      for (const r of rows) {
        if (total <= max) break;
        if (drop.has(r)) continue;
        drop.add(r);
        total -= entrySize(r.entry);
      }
    };
    const ordered = this.ordered();
    if (policy.hostMaxBytes !== undefined) {
      const hosts = new Set(ordered.map((r) => r.host));
      for (const h of hosts)
        over(
          ordered.filter((r) => r.host === h),
          policy.hostMaxBytes,
        );
    }
    if (policy.maxBytes !== undefined) over(ordered, policy.maxBytes);
    this.rows = ordered.filter((r) => !drop.has(r));
    return { deletedByAge: byAge, deletedBySize: drop.size };
  }

  async stats(): Promise<{ readonly entries: number; readonly bytes: number }> {
    let bytes = 0;
    for (const r of this.rows) bytes += entrySize(r.entry);
    return { entries: this.rows.length, bytes };
  }
}
