import type { Kysely } from 'kysely';
import { Conflicts, type PageQuery } from '../../../update/index.js';
import { isForeignKeyViolation, isUniqueViolation, storeQuery } from '../driver-error.js';
import type { StoreDialect } from '../migration.js';
import type { Flag, UpdateTables } from './tables.js';

/** What each part of the repository works with: a handle (the store's, or a transaction's). */
export interface Ctx {
  readonly db: Kysely<UpdateTables>;
  readonly dialect: StoreDialect;
  /** Runs `fn` in a transaction; inside one already, just runs it. */
  atomic<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T>;
}

export const flag = (b: boolean): Flag => (b ? 1 : 0);
export const bool = (v: unknown): boolean => v === 1 || v === true || v === '1';
/** count(*), sum(…) and bigint columns: a number on SQLite, a string on PostgreSQL, null for an empty sum. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export const q = storeQuery;

/** The LIMIT/OFFSET of a 1-based page (page and perPage below 1 count as 1). */
export function limits(p: PageQuery): { limit: number; offset: number } {
  const perPage = Math.max(1, Math.floor(p.perPage));
  const page = Math.max(1, Math.floor(p.page));
  return { limit: perPage, offset: (page - 1) * perPage };
}

/**
 * Runs a write whose conflicts were checked just before: a unique or
 * reference violation now means another writer got in between, and is
 * reported as CONFLICT too.
 */
export async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err) || isForeignKeyViolation(err)) throw Conflicts.raced(what);
    throw err;
  }
}

/** `like` pattern matching `text` anywhere, with %, _ and \ escaped (use with `escape '\'`). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function exists(
  db: Kysely<UpdateTables>,
  table: 'update_apps' | 'update_packages' | 'update_channels' | 'update_groups' | 'update_instances',
  id: string,
): Promise<boolean> {
  const row = await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
