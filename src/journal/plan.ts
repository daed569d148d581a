/**
 * Which entries journalctl 252 prints for a query and `-n`/`-r`, and in what
 * order, as observed (and checked by the differential test):
 *
 * - `-r`, or `-g` with `-n`: newest first, from `--until` (or the end) back to
 *   `--since`, at most N;
 * - `--since` (without the above): oldest first from `--since` to `--until`,
 *   the first N;
 * - `-n N` alone: the last N entries the matches select (without regard to
 *   `--until`), oldest first, then those after `--until` left out (so
 *   `-U … -n N` may print nothing: 252's quirk);
 * - otherwise everything, oldest first, up to `--until`.
 */
import { matchesQuery, type JournalQuery, type StoredEntry } from './query.js';
import type { QueryPage } from './repository.js';
import { realtimeOf } from './entry.js';

export interface QuerySource {
  query(q: JournalQuery): Promise<QueryPage>;
}

export interface PlanOptions {
  /** `-n`: undefined for no limit. */
  readonly lines?: number;
  readonly reverse?: boolean;
  /** Entries fetched per request. */
  readonly pageSize?: number;
}

/** An entry journalctl iterates over; `shown` false when `-g` did not match it (it still moves the boot separator). */
export interface PlanItem {
  readonly stored: StoredEntry;
  readonly shown: boolean;
}

async function* pages(
  source: QuerySource,
  q: JournalQuery,
  limit: number | undefined,
  pageSize: number,
): AsyncGenerator<PlanItem> {
  const { grep: g, ...rest } = q;
  const grep = g ? new RegExp(g.source, g.flags) : undefined;
  let left = limit ?? Number.POSITIVE_INFINITY;
  let after: string | undefined;
  while (left > 0) {
    const page = await source.query({
      ...rest,
      ...(after !== undefined ? { after } : {}),
      limit: grep ? pageSize : Math.min(pageSize, left),
    });
    for (const e of page.entries) {
      const shown = grep === undefined || matchesQuery(e, { grep: g! }, grep);
      yield { stored: e, shown };
      if (shown && --left <= 0) return;
    }
    if (page.next === null || page.entries.length === 0) return;
    after = page.next;
  }
}

/**
 * The entries journalctl iterates over, in its order; those `shown` are
 * printed. `-g` is applied here, over the entries the rest of the query
 * selects, so that the boot separators come out as journalctl's.
 */
export async function* planEntries(
  source: QuerySource,
  q: JournalQuery,
  o: PlanOptions = {},
): AsyncGenerator<PlanItem> {
  const pageSize = o.pageSize ?? 1000;
  const lines = o.lines;
  if (lines !== undefined && lines <= 0) return;
  const reverse = o.reverse === true || (q.grep !== undefined && lines !== undefined);
  if (reverse) {
    yield* pages(source, { ...q, reverse: true }, lines, pageSize);
    return;
  }
  if (q.since !== undefined || lines === undefined) {
    yield* pages(source, { ...q, reverse: false }, lines, pageSize);
    return;
  }
  const { until, ...rest } = q;
  const last: PlanItem[] = [];
  for await (const e of pages(source, { ...rest, reverse: true }, lines, pageSize)) last.push(e);
  last.reverse();
  for (const e of last) {
    if (until !== undefined) {
      const t = realtimeOf(e.stored.entry);
      if (t === undefined || t > until) return;
    }
    yield e;
  }
}
