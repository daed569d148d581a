import { open } from 'node:fs/promises';
import { CompiledQuery } from 'kysely';
import {
  asciiOf,
  decodeEntry,
  matchesQuery,
  receiveByAppending,
  tellStored,
  requiredLiteral,
  type AppendResult,
  type ExportBatch,
  type JournalBoot,
  type JournalEntry,
  type JournalHost,
  type JournalQuery,
  type JournalRepository,
  type JournalRetention,
  type MatchExpr,
  type PruneResult,
  type QueryPage,
  type StoredEntry,
} from '../../../journal/index.js';
import { toStoreError } from '../driver-error.js';
import type { DbStore } from '../kysely-store.js';
import type { StoreDialect } from '../migration.js';
import { COLUMN_FIELDS, fieldNames, isIndexedField, matchToSql } from './match-sql.js';
import { timeWindows, type TimeWindow } from './time-windows.js';
import { clampTime, toRow, type EntryRow } from './rows.js';
import { decodePosition, encodePosition, hostHex, type Place } from './positions.js';
import { ensurePartitions } from './partitions.js';
import { sqliteAppender } from './sqlite-append.js';
import { sqliteIndexer } from './sqlite-index.js';
import { sqliteInbox } from './sqlite-inbox.js';
import { hostBootSql, hostDelta, hostUpsertSql } from './host-summary.js';
import { trigramQuery } from './trigrams.js';
import { valueKey } from './value-key.js';
import type { UntypedDb } from '../untyped-db.js';

export interface DbJournalRepository extends JournalRepository {
  /** Bytes the journal's tables take on disk (PostgreSQL), or the whole database file (SQLite). */
  diskBytes(): Promise<number>;
  /** SQLite: resolves once every entry stored so far is in the match and full-text indexes (queries wait for this themselves). */
  indexed(): Promise<void>;
}

type Row = Record<string, unknown>;
type SqliteStmt = ReturnType<NonNullable<DbStore['sqlite']>['prepare']>;

const ENTRY_COLUMNS =
  'id, host, realtime, received_at, cursor, boot_id, unit, identifier, priority, message, size, data';
const INSERT_CHUNK = 64;
const PAIR_CHUNK = 400;
const IN_CHUNK = 500;
/** Value ids remembered between appends (name+value → id). */
const VALUE_CACHE = 200_000;
/** SQLite: an index value or literal found in more entries than this narrows too little to be worth its row-id set. */
const COMMON_ROWS = 20_000;
const JOURNAL_CACHE_KIB = 65_536;
/** SQLite indexer: entries a step, the quiet time after an append it waits for, and the lag after which it runs anyway. */
const INDEX_STEP = 1000;
const INDEX_QUIET_MS = 50;
const INDEX_MAX_LAG_MS = 400;
/** SQLite: past this many bytes waiting in the inbox, the receiver moves entries itself before it stores more (its uploads slow down). */
const INBOX_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The journal store on Hull's database (SQLite by default, PostgreSQL with
 * `--database`), tables of migrations 0005_journal and (SQLite) 0006_journal_lean. Queries narrow candidates
 * in SQL (indexed columns, the match index, the full-text index, the time
 * range, keyset paging), then every candidate is tested with `matchesQuery`,
 * so the answer is exactly the reference's. An append is one transaction; on
 * SQLite it commits with `synchronous = FULL` (the WAL is synced before the
 * commit returns), on PostgreSQL a commit is durable (synchronous_commit as
 * the server has it).
 */
export interface DbJournalOptions {
  /** SQLite: above this many entries an index value or grep literal is not used to narrow (default 20 000; tests set it low). */
  readonly commonRows?: number;
  /** SQLite: the most an entry waits for the indexer while appends keep coming (ms, default 400). */
  readonly indexMaxLagMs?: number;
  /** SQLite: the inbox's backlog past which `receive` first moves entries itself (bytes, default 32 MiB). */
  readonly inboxMaxBytes?: number;
}

export function dbJournalRepository(store: DbStore, options: DbJournalOptions = {}): DbJournalRepository {
  const COMMON = options.commonRows ?? COMMON_ROWS;
  const MAX_LAG = options.indexMaxLagMs ?? INDEX_MAX_LAG_MS;
  const INBOX_MAX = options.inboxMaxBytes ?? INBOX_MAX_BYTES;
  const db: UntypedDb = store.db;
  const dialect: StoreDialect = store.dialect;
  const pg = dialect === 'postgres';
  const ph = (i: number) => (pg ? `$${i}` : '?');
  const int = (v: bigint): unknown => (pg ? v.toString() : v);
  const valueIds = new Map<string, bigint>();
  const extraColumns = new Set<string>();
  const partitions = new Set<string>();

  async function exec(conn: UntypedDb, text: string, params: readonly unknown[] = []): Promise<Row[]> {
    const r = await conn.executeQuery<Row>(CompiledQuery.raw(text, [...params]));
    return r.rows as Row[];
  }
  async function changes(conn: UntypedDb, text: string, params: readonly unknown[] = []): Promise<number> {
    const r = await conn.executeQuery(CompiledQuery.raw(text, [...params]));
    return Number(r.numAffectedRows ?? 0n);
  }
  async function guard<T>(step: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (err) {
      throw toStoreError('STORE_QUERY_FAILED', err, step);
    }
  }
  /** One transaction on one connection; SQLite takes the write lock first and syncs the commit. */
  async function transaction<T>(fn: (conn: UntypedDb) => Promise<T>): Promise<T> {
    return db.connection().execute(async (conn) => {
      if (!pg) await exec(conn, 'pragma synchronous = FULL');
      await exec(conn, pg ? 'begin' : 'begin immediate');
      try {
        const out = await fn(conn);
        await exec(conn, 'commit');
        return out;
      } catch (err) {
        await exec(conn, 'rollback').catch(() => undefined);
        throw err;
      } finally {
        if (!pg) await exec(conn, 'pragma synchronous = NORMAL').catch(() => undefined);
      }
    });
  }

  const raw = pg ? undefined : store.sqlite;
  if (!pg && raw === undefined)
    throw new Error('the SQLite journal store needs the store opened by openStore (its synchronous handle)');
  const sqliteAppend = raw ? sqliteAppender(raw) : undefined;
  const sqliteIndex = raw ? sqliteIndexer(raw) : undefined;
  const inbox = raw ? sqliteInbox(raw) : undefined;
  /** Inbox rows whose receiver waits to hear they are stored proper (in memory only: after a restart nobody waits). */
  const waiting = new Map<bigint, (result: AppendResult) => void>();
  let backlog: number | undefined;
  // 64 MiB of page cache (SQLite's default is 2 MiB): appends touch the cursor and host indexes all over
  // once the store holds millions of entries.
  raw?.pragma(`cache_size = ${-JOURNAL_CACHE_KIB}`);
  let summary: { upsert: SqliteStmt; boot: SqliteStmt } | undefined;
  let control: Record<'begin' | 'commit' | 'rollback', SqliteStmt> | undefined;
  // The connection's WAL auto-checkpoint (pages), read before anything changes it. These pragmas are set
  // through `pragma()` (prepared and run at each call): SQLite applies wal_autocheckpoint when the
  // statement is prepared, so a prepared statement run again changes nothing.
  const walAutocheckpoint = raw ? Number(raw.pragma('wal_autocheckpoint', { simple: true })) : 0;

  /**
   * SQLite: `fn` runs synchronously in one transaction under Kysely's connection lock; the commit is synced
   * (`synchronous = FULL`) unless `synced` is false. `checkpoint` false: this commit does not checkpoint
   * the WAL (the next commit that may does it; a burst of uploads then writes each page once, not again
   * into the database file at every 1000 pages of WAL).
   */
  async function sqliteTransaction<T>(fn: () => T, synced = true, checkpoint = true): Promise<T> {
    const h = raw!;
    control ??= {
      begin: h.prepare('begin immediate'),
      commit: h.prepare('commit'),
      rollback: h.prepare('rollback'),
    };
    const c = control;
    return db.connection().execute(async () => {
      if (synced) h.pragma('synchronous = FULL');
      if (!checkpoint) h.pragma('wal_autocheckpoint = 0');
      try {
        c.begin.run();
        try {
          const out = fn();
          c.commit.run();
          return out;
        } catch (err) {
          try {
            c.rollback.run();
          } catch {
            // not in a transaction any more (SQLite rolled back by itself)
          }
          throw err;
        }
      } finally {
        if (synced) h.pragma('synchronous = NORMAL');
        if (!checkpoint) h.pragma(`wal_autocheckpoint = ${walAutocheckpoint}`);
      }
    });
  }

  /** SQLite: stores rows in the caller's transaction (repeats left out) and keeps the per-host summary. */
  function storeRows(host: string, rows: readonly EntryRow[], receivedAt: bigint) {
    const out = sqliteAppend!(host, rows, receivedAt);
    if (out.placed.length > 0) {
      const d = hostDelta(out.placed.map((p) => p.row));
      summary ??= { upsert: raw!.prepare(hostUpsertSql('sqlite')), boot: raw!.prepare(hostBootSql('sqlite')) };
      summary.upsert.run(host, d.first, d.last, d.entries, d.bytes);
      for (const b of d.boots) summary.boot.run(host, b);
    }
    return out;
  }

  function appendResult(
    host: string,
    receivedAt: bigint,
    done: { placed: ReadonlyArray<{ row: EntryRow; id: bigint }>; duplicates: number },
  ): AppendResult {
    const hex = hostHex(host);
    return {
      stored: done.placed.map(({ row, id }) => ({
        position: encodePosition({ realtime: row.realtime, host, id }, hex),
        host,
        receivedAt,
        entry: row.entry,
      })),
      duplicates: done.duplicates,
    };
  }

  // ---- SQLite: the inbox (migration 0009) and the indexer (migration 0008) ----
  // The receiver stores an upload's batches in the inbox (not synced: `sync` makes them durable with one
  // fsync before the answer); an append writes the entry rows and commits (synced). The indexer moves the inbox's rows into journal_entries, one row a step, and
  // writes the match index and MESSAGE's trigrams for INDEX_STEP entries more than it moved, once appends
  // pause for INDEX_QUIET_MS or the oldest waiting entry is INDEX_MAX_LAG_MS old (so under a steady stream
  // ingest and indexing share the event loop). Every read first moves and indexes what is left: answers
  // stay exact.
  let indexTimer: ReturnType<typeof setTimeout> | undefined;
  let lastAppendAt = 0;
  /** Since when an appended entry waits for the indexer (appends); undefined when none does. */
  let waitingSince: number | undefined;
  /** When each inbox row this repository stored arrived (`Date.now()`), oldest first. */
  const arrivals = new Map<bigint, number>();
  let indexing: Promise<boolean> | undefined;

  /** One step under the connection lock; whether more may be waiting. */
  function indexStep(): Promise<boolean> {
    indexing ??= sqliteIndexStep().finally(() => (indexing = undefined));
    return indexing;
  }
  async function sqliteIndexStep(): Promise<boolean> {
    const done = await sqliteTransaction(() => {
      const row = inbox!.take();
      // Rows before it (or all, when it is empty) were moved by another process on this store (`hull journal`):
      // nobody here hears of them.
      for (const id of waiting.keys()) if (row === undefined || id < row.id) waiting.delete(id);
      for (const id of arrivals.keys()) if (row === undefined || id <= row.id) arrivals.delete(id);
      const moved = row
        ? storeRows(
            row.host,
            row.entries.map((e) => toRow(e, false)),
            row.receivedAt,
          )
        : undefined;
      const limit = INDEX_STEP + (moved?.placed.length ?? 0);
      return { row, moved, limit, indexed: sqliteIndex!(limit, valueIds) };
    }, false);
    const { row, moved, indexed } = done;
    // Only committed ids may be remembered.
    if (valueIds.size + indexed.pending.size > VALUE_CACHE) valueIds.clear();
    for (const [k, v] of indexed.pending) valueIds.set(k, v);
    for (const name of indexed.extraColumns) extraColumns.add(name);
    if (row && moved) {
      if (backlog !== undefined) backlog -= row.bytes;
      const told = waiting.get(row.id);
      waiting.delete(row.id);
      tellStored(told, appendResult(row.host, row.receivedAt, moved));
    }
    return row !== undefined || indexed.entries >= done.limit;
  }

  /** Moves and indexes every entry stored so far (first a read: is a row in the inbox, an entry past the mark?). */
  async function drain(): Promise<void> {
    if (!sqliteIndex) return;
    await guard('indexing the journal', async () => {
      const r = await exec(
        db,
        'select (select through from journal_index_mark where id = 1) as mark, (select max(id) from journal_entries) as top, exists (select 1 from journal_inbox) as inbox',
      );
      const top = r[0]?.['top'];
      const behind = top !== null && top !== undefined && Number(top) > Number(r[0]?.['mark'] ?? 0);
      if (!behind && !r[0]?.['inbox']) return;
      while (await indexStep());
    });
  }

  /** `received`: an inbox row came (its arrival is in `arrivals`), else an append. */
  function scheduleIndex(received = false): void {
    lastAppendAt = Date.now();
    if (!received) waitingSince ??= lastAppendAt;
    if (indexTimer === undefined) indexTimer = setTimeout(indexTick, INDEX_QUIET_MS).unref();
  }

  function indexTick(): void {
    indexTimer = undefined;
    const now = Date.now();
    const quietFor = now - lastAppendAt;
    // The oldest waiting work: an appended entry, or the oldest inbox row (a burst of uploads is stored
    // without the indexer in between, as long as none of its rows waits longer than the lag).
    let oldest = waitingSince ?? now;
    for (const at of arrivals.values()) {
      oldest = Math.min(oldest, at);
      break;
    }
    if (quietFor < INDEX_QUIET_MS && now - oldest < MAX_LAG) {
      indexTimer = setTimeout(indexTick, Math.min(INDEX_QUIET_MS - quietFor, MAX_LAG - (now - oldest))).unref();
      return;
    }
    indexStep().then(
      (more) => {
        if (more) indexTimer ??= setTimeout(indexTick, 0).unref();
        else if (indexTimer === undefined) waitingSince = undefined; // caught up, and no append came meanwhile
      },
      // The store closed, or the disk failed: the entries wait for the next append's or read's indexing.
      () => undefined,
    );
  }

  async function resolveValues(
    conn: UntypedDb,
    rows: readonly EntryRow[],
    pending: Map<string, bigint>,
  ): Promise<void> {
    for (const r of rows) {
      for (const [name, value] of r.indexed) {
        const key = valueKey(name, value);
        if (valueIds.has(key) || pending.has(key)) continue;
        const v = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        const ins = await exec(
          conn,
          `insert into journal_values (name, value) values (${ph(1)}, ${ph(2)}) on conflict do nothing returning id`,
          [name, v],
        );
        const id =
          ins[0]?.['id'] ??
          (
            await exec(conn, `select id from journal_values where name = ${ph(1)} and value = ${ph(2)}`, [name, v])
          )[0]?.['id'];
        pending.set(key, BigInt(id as number | string));
      }
    }
  }

  // SQLite: inbox rows are committed without a sync (synchronous = NORMAL: the WAL is written, not synced);
  // `sync` then syncs the WAL file, which holds every commit since the last checkpoint (one checkpointed
  // before was synced into the database file by SQLite itself). Concurrent uploads share one fsync.
  let unsynced = false;
  let syncing: Promise<void> | undefined;
  async function syncWal(): Promise<void> {
    unsynced = false;
    try {
      const file = await open(`${store.location}-wal`, 'r');
      try {
        await file.sync();
      } finally {
        await file.close();
      }
    } catch (err) {
      unsynced = true;
      throw toStoreError('STORE_QUERY_FAILED', err, 'syncing the journal to disk');
    }
  }
  async function sync(): Promise<void> {
    while (unsynced || syncing !== undefined) {
      if (syncing === undefined) syncing = syncWal().finally(() => (syncing = undefined));
      await syncing;
    }
  }

  /** SQLite: the batch is one inbox row, durable once `sync` resolves; the indexer stores its entries proper. */
  async function receive(
    host: string,
    batch: ExportBatch,
    receivedAt: bigint,
    onStored?: (result: AppendResult) => void,
  ): Promise<void> {
    if (!inbox) return receiveByAppending(append)(host, batch, receivedAt, onStored);
    if (batch.entries === 0) return;
    await guard(`storing ${batch.entries} journal entries from ${host}`, async () => {
      // A backlog the indexer does not keep up with: this upload waits while entries are moved.
      while (backlog !== undefined && backlog > INBOX_MAX && (await indexStep()));
      // Not synced here: `sync` makes every batch received so far durable with one fsync before the answer.
      let id: bigint | undefined;
      try {
        await sqliteTransaction(
          () => {
            backlog ??= inbox.backlog();
            id = inbox.put(host, receivedAt, batch.entries, batch.bytes);
            // Under the write lock: the indexer cannot take the row before it is known to wait.
            if (onStored) waiting.set(id, onStored);
          },
          false,
          false,
        );
      } catch (err) {
        if (id !== undefined) waiting.delete(id);
        throw err;
      }
      unsynced = true;
      backlog = (backlog ?? 0) + batch.bytes.length;
      if (id !== undefined) arrivals.set(id, Date.now());
    });
    scheduleIndex(true);
  }

  async function append(host: string, entries: readonly JournalEntry[], receivedAt: bigint): Promise<AppendResult> {
    if (entries.length === 0) return { stored: [], duplicates: 0 };
    const rows = entries.map((e) => toRow(e, pg));
    if (sqliteAppend) {
      const done = await guard(`storing ${entries.length} journal entries from ${host}`, () =>
        sqliteTransaction(() => storeRows(host, rows, receivedAt)),
      );
      if (done.placed.length > 0) scheduleIndex();
      return appendResult(host, receivedAt, done);
    }
    // PostgreSQL from here on.
    await ensurePartitions(
      db,
      rows.map((r) => r.realtime),
      partitions,
    );
    const pending = new Map<string, bigint>();
    const result = await guard(`storing ${entries.length} journal entries from ${host}`, () =>
      transaction(async (conn) => {
        // Repeats: cursors this host sent before, and repeats inside the upload.
        const cursors = [...new Set(rows.map((r) => r.cursor).filter((c): c is string => c !== null))];
        const known = new Set<string>();
        for (let i = 0; i < cursors.length; i += IN_CHUNK) {
          const part = cursors.slice(i, i + IN_CHUNK);
          const found = await exec(
            conn,
            `select cursor from journal_entries where host = ${ph(1)} and cursor in (${part.map((_, j) => ph(j + 2)).join(', ')})`,
            [host, ...part],
          );
          for (const f of found) known.add(f['cursor'] as string);
        }
        const fresh: EntryRow[] = [];
        let duplicates = 0;
        for (const r of rows) {
          if (r.cursor !== null) {
            if (known.has(r.cursor)) {
              duplicates++;
              continue;
            }
            known.add(r.cursor);
          }
          fresh.push(r);
        }
        if (fresh.length === 0) return { placed: [] as Array<{ row: EntryRow; id: bigint }>, duplicates };
        const ids = await allocateIds(conn, fresh.length);
        const placed: Array<{ row: EntryRow; id: bigint }> = [];
        for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
          const part = fresh.slice(i, i + INSERT_CHUNK);
          const params: unknown[] = [];
          const tuples = part.map((r, j) => {
            const base = params.length;
            params.push(
              int(ids[i + j]!),
              host,
              int(r.realtime),
              int(receivedAt),
              r.cursor,
              r.bootId,
              r.unit,
              r.identifier,
              r.priority,
              r.message,
              r.size,
              r.data,
            );
            return `(${Array.from({ length: 12 }, (_, k) => ph(base + k + 1)).join(', ')})`;
          });
          const inserted = await exec(
            conn,
            `insert into journal_entries (${ENTRY_COLUMNS}) values ${tuples.join(', ')} on conflict do nothing returning id`,
            params,
          );
          const got = new Set(inserted.map((x) => BigInt(x['id'] as number | string)));
          part.forEach((row, j) => {
            const id = ids[i + j]!;
            if (got.has(id)) placed.push({ row, id });
            else duplicates++; // another writer stored the same cursor meanwhile (PostgreSQL, several servers)
          });
        }
        await resolveValues(
          conn,
          placed.map((p) => p.row),
          pending,
        );
        const pairs: unknown[][] = [];
        for (const { row, id } of placed) {
          const seen = new Set<bigint>();
          for (const [name, value] of row.indexed) {
            const key = valueKey(name, value);
            const vid = valueIds.get(key) ?? pending.get(key)!;
            if (seen.has(vid)) continue;
            seen.add(vid);
            pairs.push([int(id), int(vid)]);
            if (COLUMN_FIELDS[name] !== undefined) extraColumns.add(name);
          }
        }
        for (let i = 0; i < pairs.length; i += PAIR_CHUNK) {
          const part = pairs.slice(i, i + PAIR_CHUNK);
          await exec(
            conn,
            `insert into journal_entry_values (entry_id, value_id) values ${part.map((_, j) => `(${ph(2 * j + 1)}, ${ph(2 * j + 2)})`).join(', ')}`,
            part.flat(),
          );
        }
        if (placed.length > 0) {
          const d = hostDelta(placed.map((p) => p.row));
          await exec(conn, hostUpsertSql('postgres'), [
            host,
            d.first === null ? null : int(d.first),
            d.last === null ? null : int(d.last),
            d.entries,
            d.bytes,
          ]);
          for (const b of d.boots) await exec(conn, hostBootSql('postgres'), [host, b]);
        }
        return { placed, duplicates };
      }),
    );
    // Only committed ids may be remembered.
    if (valueIds.size + pending.size > VALUE_CACHE) valueIds.clear();
    for (const [k, v] of pending) valueIds.set(k, v);
    const stored: StoredEntry[] = result.placed.map(({ row, id }) => ({
      position: encodePosition({ realtime: row.realtime, host, id }),
      host,
      receivedAt,
      entry: row.entry,
    }));
    return { stored, duplicates: result.duplicates };
  }

  async function allocateIds(conn: UntypedDb, n: number): Promise<bigint[]> {
    if (pg) {
      const rows = await exec(
        conn,
        `select nextval('journal_entry_ids') as id from generate_series(1, ${ph(1)}::int)`,
        [n],
      );
      return rows.map((r) => BigInt(r['id'] as string));
    }
    // Under `begin immediate` no other writer runs; AUTOINCREMENT never hands out an id twice.
    const seq = await exec(conn, `select seq from sqlite_sequence where name = 'journal_entries'`);
    const base = BigInt((seq[0]?.['seq'] as number | undefined) ?? 0);
    return Array.from({ length: n }, (_, i) => base + BigInt(i + 1));
  }

  /** Column fields that have values past the first in the match index (looked up until seen once). */
  async function columnsWithExtras(names: Set<string>): Promise<Set<string>> {
    for (const name of names) {
      if (COLUMN_FIELDS[name] === undefined || extraColumns.has(name)) continue;
      const r = await exec(db, `select 1 as one from journal_values where name = ${ph(1)} limit 1`, [name]);
      if (r.length > 0) extraColumns.add(name);
    }
    return extraColumns;
  }

  function toStored(r: Row): { stored: StoredEntry; place: Place } {
    const place: Place = {
      realtime: BigInt(r['rt'] as string),
      host: r['host'] as string,
      id: BigInt(r['id'] as number | string),
    };
    const data = r['data'] as Buffer;
    const entry = decodeEntry(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return {
      stored: { position: encodePosition(place), host: place.host, receivedAt: BigInt(r['ra'] as string), entry },
      place,
    };
  }

  /** SQLite: how many rows an FTS5 match finds, counted up to COMMON + 1. */
  async function postings(
    table: 'journal_terms' | 'journal_text',
    match: string,
    params: readonly unknown[],
  ): Promise<number> {
    const r = await exec(
      db,
      `select count(*) as n from (select rowid from ${table} where ${table} match ${match} limit ${COMMON + 1})`,
      params,
    );
    return Number(r[0]?.['n'] ?? 0);
  }

  /** SQLite: the indexed (name, value) pairs of the expression that more than COMMON entries carry (the exact test decides them instead). */
  async function commonValues(expr: MatchExpr, out = new Set<string>()): Promise<Set<string>> {
    if (expr.kind === 'and' || expr.kind === 'or') for (const x of expr.of) await commonValues(x, out);
    else if (
      expr.kind === 'field' &&
      (COLUMN_FIELDS[expr.name] === undefined ? isIndexedField(expr.name, expr.value) : extraColumns.has(expr.name))
    ) {
      const n = await postings(
        'journal_terms',
        `coalesce((select 'v' || id from journal_values where name = ? and value = ?), 'v0')`,
        [expr.name, Buffer.from(expr.value)],
      );
      if (n > COMMON) out.add(valueKey(expr.name, expr.value));
    }
    return out;
  }

  /** The store's first and last time (entries with a realtime), or undefined when it has none. */
  async function timeSpan(): Promise<{ min: bigint; max: bigint } | undefined> {
    const r = await exec(
      db,
      `select cast((select realtime from journal_entries where realtime >= 0 order by realtime limit 1) as text) as lo, cast((select realtime from journal_entries order by realtime desc limit 1) as text) as hi`,
    );
    const lo = r[0]?.['lo'];
    const hi = r[0]?.['hi'];
    return lo === null || lo === undefined || hi === null || hi === undefined
      ? undefined
      : { min: BigInt(lo as string), max: BigInt(hi as string) };
  }

  /** Candidates in the query's order, window by window (time-windows.ts), page by page; `visit` returns false to stop. */
  async function scan(q: JournalQuery, visit: (s: StoredEntry, place: Place) => boolean, batch: number): Promise<void> {
    const params: unknown[] = [];
    const where: string[] = [];
    /** The candidates are a list of at most COMMON ids: one window sorts them all. */
    let byIds = false;
    if (q.where) {
      const extras = await columnsWithExtras(fieldNames(q.where));
      const common = pg ? new Set<string>() : await commonValues(q.where);
      where.push(matchToSql(q.where, params, ph, extras, pg ? 'pairs' : 'terms', common));
    }
    if (q.since !== undefined || q.until !== undefined) {
      where.push('e.realtime >= 0');
      if (q.since !== undefined) {
        params.push(int(clampTime(q.since)));
        where.push(`e.realtime >= ${ph(params.length)}`);
      }
      if (q.until !== undefined) {
        params.push(int(clampTime(q.until)));
        where.push(`e.realtime <= ${ph(params.length)}`);
      }
    }
    if (q.grep) {
      if (pg) where.push('e.message is not null');
      const lit = requiredLiteral(q.grep.source);
      if (lit !== undefined) {
        if (pg) {
          params.push(`%${lit}%`);
          where.push(`e.message ilike ${ph(params.length)}`);
        } else {
          // The full-text index is read once: its candidates, up to COMMON, are looked up by id, in
          // one statement without time windows (a window each would evaluate the match again). A
          // common literal narrows little: the regular expression decides on the other filters' candidates.
          const found = await exec(
            db,
            `select count(*) as n, json_group_array(rowid) as ids from (select rowid from journal_text where journal_text match ? limit ${COMMON + 1})`,
            [trigramQuery(lit)],
          );
          if (Number(found[0]?.['n'] ?? 0) <= COMMON) {
            params.push(found[0]?.['ids'] ?? '[]');
            where.push(`e.id in (select value from json_each(${ph(params.length)}))`);
            byIds = true;
          }
        }
      }
    }
    const dir = q.reverse ? 'desc' : 'asc';
    const cmp = q.reverse ? '<' : '>';
    let after: Place | undefined = q.after === undefined ? undefined : decodePosition(q.after);
    const span = byIds ? undefined : await timeSpan();
    const windows: Iterable<TimeWindow> = span
      ? timeWindows({
          ...span,
          reverse: q.reverse === true,
          start: q.reverse
            ? [after?.realtime, q.until === undefined ? undefined : clampTime(q.until), span.max].reduce<bigint>(
                (a, b) => (b !== undefined && b < a ? b : a),
                span.max,
              )
            : [after?.realtime, q.since === undefined ? undefined : clampTime(q.since), span.min].reduce<bigint>(
                (a, b) => (b !== undefined && b > a ? b : a),
                span.min,
              ),
        })
      : [{}];
    for (const win of windows) {
      const ww = [...where];
      const wp = [...params];
      if (win.from !== undefined) {
        wp.push(int(win.from));
        ww.push(`e.realtime >= ${ph(wp.length)}`);
      }
      if (win.to !== undefined) {
        wp.push(int(win.to));
        ww.push(`e.realtime < ${ph(wp.length)}`);
      }
      if (!(await scanWindow(ww, wp))) return;
    }

    /** One window, page by page; false when `visit` asked to stop. */
    async function scanWindow(where: readonly string[], params: readonly unknown[]): Promise<boolean> {
      for (;;) {
        const p = [...params];
        const w = [...where];
        if (after) {
          p.push(int(after.realtime), after.host, int(after.id));
          w.push(`(e.realtime, e.host, e.id) ${cmp} (${ph(p.length - 2)}, ${ph(p.length - 1)}, ${ph(p.length)})`);
        }
        p.push(batch);
        const text =
          `select e.id, e.host, cast(e.realtime as text) as rt, cast(e.received_at as text) as ra, e.data from journal_entries e` +
          (w.length > 0 ? ` where ${w.join(' and ')}` : '') +
          ` order by e.realtime ${dir}, e.host ${dir}, e.id ${dir} limit ${ph(p.length)}`;
        const rows = await exec(db, text, p);
        for (const r of rows) {
          const { stored, place } = toStored(r);
          after = place;
          if (!visit(stored, place)) return false;
        }
        if (rows.length < batch) return true;
      }
    }
  }

  async function query(q: JournalQuery): Promise<QueryPage> {
    await drain();
    return guard('querying the journal', async () => {
      const grep = q.grep ? new RegExp(q.grep.source, q.grep.flags) : undefined;
      const limit = q.limit ?? Number.POSITIVE_INFINITY;
      const out: StoredEntry[] = [];
      let more = false;
      const batch = Number.isFinite(limit) ? Math.min(Math.max(limit + 1, 64), 5000) : 2000;
      await scan(
        q,
        (s) => {
          if (!matchesQuery(s, q, grep)) return true;
          if (out.length >= limit) {
            more = true;
            return false;
          }
          out.push(s);
          return true;
        },
        batch,
      );
      const last = out[out.length - 1];
      return { entries: out, next: more && last ? last.position : null };
    });
  }

  /** From the per-host summary (migration 0007), kept by append and delete: no scan of the entries. */
  async function hosts(): Promise<readonly JournalHost[]> {
    await drain();
    return guard('listing the journal hosts', async () => {
      const rows = await exec(
        db,
        `select h.host, cast(h.first_realtime as text) as first, cast(h.last_realtime as text) as last, h.entries as n, h.bytes,
          (select count(*) from journal_host_boots b where b.host = h.host) as boots
         from journal_hosts h where h.entries > 0 order by h.host`,
      );
      return rows.map((r) => ({
        host: r['host'] as string,
        firstRealtime: r['first'] === null ? null : BigInt(r['first'] as string),
        lastRealtime: r['last'] === null ? null : BigInt(r['last'] as string),
        entries: Number(r['n']),
        bytes: Number(r['bytes']),
        boots: Number(r['boots']),
      }));
    });
  }

  async function boots(host: string): Promise<readonly JournalBoot[]> {
    await drain();
    return guard(`listing the boots of ${host}`, async () => {
      const rows = await exec(
        db,
        `select boot_id, cast(min(case when realtime >= 0 then realtime end) as text) as first, cast(max(case when realtime >= 0 then realtime end) as text) as last,
          count(*) as n, min(id) as seq
         from journal_entries where host = ${ph(1)} and boot_id is not null group by boot_id`,
        [host],
      );
      const list = rows.map((r) => ({
        bootId: asciiOf(r['boot_id'] as Buffer),
        firstRealtime: r['first'] === null ? null : BigInt(r['first'] as string),
        lastRealtime: r['last'] === null ? null : BigInt(r['last'] as string),
        entries: Number(r['n']),
        seq: BigInt(r['seq'] as number | string),
      }));
      list.sort((a, b) =>
        a.firstRealtime === b.firstRealtime
          ? Number(a.seq - b.seq)
          : a.firstRealtime === null
            ? -1
            : b.firstRealtime === null
              ? 1
              : a.firstRealtime < b.firstRealtime
                ? -1
                : 1,
      );
      return list.map(({ seq: _seq, ...b }) => b);
    });
  }

  async function fieldValues(name: string, q: JournalQuery = {}): Promise<readonly Uint8Array[]> {
    await drain();
    return guard(`listing the values of ${name}`, async () => {
      const grep = q.grep ? new RegExp(q.grep.source, q.grep.flags) : undefined;
      const seen = new Map<string, Uint8Array>();
      await scan(
        { ...q, after: undefined, reverse: false },
        (s) => {
          if (!matchesQuery(s, q, grep)) return true;
          for (const f of s.entry.fields) if (f.name === name) seen.set(valueKey('', f.value), f.value);
          return true;
        },
        2000,
      );
      return [...seen.values()];
    });
  }

  /** Deletes the entries a condition selects, their match-index rows first, and takes them out of their hosts' summaries. */
  async function deleteWhere(conn: UntypedDb, cond: string, params: readonly unknown[]): Promise<number> {
    const gone = await exec(
      conn,
      `select host, count(*) as n, coalesce(sum(size), 0) as b from journal_entries where ${cond} group by host`,
      params,
    );
    if (gone.length === 0) return 0;
    if (pg)
      await exec(
        conn,
        `delete from journal_entry_values where entry_id in (select id from journal_entries where ${cond})`,
        params,
      );
    else {
      await exec(
        conn,
        `delete from journal_terms where rowid in (select id from journal_entries where ${cond})`,
        params,
      );
      await exec(
        conn,
        `delete from journal_text where rowid in (select id from journal_entries where ${cond})`,
        params,
      );
    }
    const n = await changes(conn, `delete from journal_entries where ${cond}`, params);
    for (const g of gone) await shrinkHost(conn, g['host'] as string, Number(g['n']), Number(g['b']));
    return n;
  }

  /** A host's summary after `n` of its entries (`bytes` of data) were deleted. */
  async function shrinkHost(conn: UntypedDb, host: string, n: number, bytes: number): Promise<void> {
    await exec(
      conn,
      `update journal_hosts set entries = entries - ${ph(1)}, bytes = bytes - ${ph(2)} where host = ${ph(3)}`,
      [n, bytes, host],
    );
    const left = await exec(conn, `select entries from journal_hosts where host = ${ph(1)}`, [host]);
    if (left.length === 0 || Number(left[0]!['entries']) <= 0) {
      await exec(conn, `delete from journal_hosts where host = ${ph(1)}`, [host]);
      await exec(conn, `delete from journal_host_boots where host = ${ph(1)}`, [host]);
      return;
    }
    await exec(
      conn,
      `update journal_hosts set
        first_realtime = (select realtime from journal_entries where host = ${ph(1)} and realtime >= 0 order by realtime limit 1),
        last_realtime = (select realtime from journal_entries where host = ${ph(2)} and realtime >= 0 order by realtime desc limit 1)
       where host = ${ph(3)}`,
      [host, host, host],
    );
    await exec(
      conn,
      `delete from journal_host_boots where host = ${ph(1)} and not exists (select 1 from journal_entries e where e.boot_id = journal_host_boots.boot_id and e.host = journal_host_boots.host)`,
      [host],
    );
  }

  async function deleteIds(ids: readonly bigint[]): Promise<number> {
    let n = 0;
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const part = ids.slice(i, i + IN_CHUNK);
      n += await transaction((conn) =>
        deleteWhere(conn, `id in (${part.map((_, j) => ph(j + 1)).join(', ')})`, part.map(int)),
      );
    }
    return n;
  }

  async function deleteHost(host: string): Promise<number> {
    await drain();
    return guard(`deleting the journal of ${host}`, () =>
      transaction((conn) => deleteWhere(conn, `host = ${ph(1)}`, [host])),
    );
  }

  /** The oldest entries (in the store's order) whose sizes add up to at least `excess`. */
  async function oldest(host: string | undefined, excess: number): Promise<bigint[]> {
    const ids: bigint[] = [];
    let freed = 0;
    let after: { rt: string; host: string; id: string } | undefined;
    while (freed < excess) {
      const params: unknown[] = [];
      const w: string[] = [];
      if (host !== undefined) {
        params.push(host);
        w.push(`host = ${ph(params.length)}`);
      }
      if (after) {
        params.push(pg ? after.rt : BigInt(after.rt), after.host, pg ? after.id : BigInt(after.id));
        w.push(`(realtime, host, id) > (${ph(params.length - 2)}, ${ph(params.length - 1)}, ${ph(params.length)})`);
      }
      const rows = await exec(
        db,
        `select id, host, cast(realtime as text) as rt, size from journal_entries${w.length ? ` where ${w.join(' and ')}` : ''} order by realtime, host, id limit 1000`,
        params,
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        if (freed >= excess) break;
        ids.push(BigInt(r['id'] as number | string));
        freed += Number(r['size']);
        after = { rt: r['rt'] as string, host: r['host'] as string, id: String(r['id']) };
      }
    }
    return ids;
  }

  async function prune(policy: JournalRetention): Promise<PruneResult> {
    await drain();
    return guard('pruning the journal', async () => {
      let byAge = 0;
      let bySize = 0;
      if (policy.before !== undefined) {
        const c = int(clampTime(policy.before));
        byAge = await transaction((conn) =>
          deleteWhere(conn, `(realtime >= 0 and realtime < ${ph(1)}) or (realtime < 0 and received_at < ${ph(2)})`, [
            c,
            c,
          ]),
        );
        if (pg) await dropEmptyPartitions(clampTime(policy.before));
      }
      if (policy.hostMaxBytes !== undefined) {
        for (const h of await hosts()) {
          if (h.bytes > policy.hostMaxBytes)
            bySize += await deleteIds(await oldest(h.host, h.bytes - policy.hostMaxBytes));
        }
      }
      if (policy.maxBytes !== undefined) {
        const { bytes } = await stats();
        if (bytes > policy.maxBytes) bySize += await deleteIds(await oldest(undefined, bytes - policy.maxBytes));
      }
      return { deletedByAge: byAge, deletedBySize: bySize };
    });
  }

  /** PostgreSQL: month partitions wholly before the cutoff are empty after the delete; drop them. */
  async function dropEmptyPartitions(before: bigint): Promise<void> {
    const rows = await exec(
      db,
      `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'journal_entries' and c.relname like 'journal_entries_p%'`,
    );
    for (const r of rows) {
      const name = r['name'] as string;
      const m = /^journal_entries_p(\d{4})(\d{2})$/.exec(name);
      if (!m) continue;
      const end = BigInt(Date.UTC(Number(m[1]), Number(m[2]), 1)) * 1000n;
      if (end > before) continue;
      await exec(db, `drop table if exists ${name}`);
      partitions.delete(name);
    }
  }

  async function stats(): Promise<{ readonly entries: number; readonly bytes: number }> {
    await drain();
    return guard('counting the journal', async () => {
      const r = (await exec(db, 'select count(*) as n, coalesce(sum(size), 0) as b from journal_entries'))[0]!;
      return { entries: Number(r['n']), bytes: Number(r['b']) };
    });
  }

  async function diskBytes(): Promise<number> {
    return guard('measuring the journal store', async () => {
      if (pg) {
        const r = await exec(
          db,
          `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as b from pg_class c where c.relkind = 'r' and c.relname like 'journal\\_%'`,
        );
        return Number(r[0]?.['b'] ?? 0);
      }
      const pages = await exec(db, 'select page_count * page_size as b from pragma_page_count(), pragma_page_size()');
      return Number(pages[0]?.['b'] ?? 0);
    });
  }

  // Rows a stopped server left in the inbox are moved soon after it starts again.
  if (inbox) scheduleIndex();
  return {
    append,
    receive,
    sync,
    query,
    hosts,
    boots,
    fieldValues,
    deleteHost,
    stats,
    prune,
    diskBytes,
    indexed: drain,
  };
}
