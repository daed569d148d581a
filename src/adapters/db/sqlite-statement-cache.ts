import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every statement anew, each time it runs
 * (better-sqlite3 compiles the SQL text: tens of microseconds, a sixth of an
 * update check's time). This hands Kysely the database with `prepare`
 * answered from a cache of the last `size` SQL texts, least recently used
 * first out. A prepared statement is reusable: SQLite re-prepares it by
 * itself when the schema changes, and Kysely's driver runs one query at a
 * time on its one connection, so a cached statement is never in two queries
 * at once.
 */
export function withStatementCache(db: SqliteDatabase, size = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit !== undefined) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}
