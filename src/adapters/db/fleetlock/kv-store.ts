import type { Kysely } from 'kysely';
import type { Clock } from '../../../core/index.js';
import type { CasResult, KvEntry, KvStore } from '../../../reboot/index.js';
import { storeQuery } from '../driver-error.js';
import type { DbStore } from '../kysely-store.js';
import type { FleetLockTables } from './tables.js';
import { inTransaction } from '../transaction.js';

/** History rows kept per key. */
export const HISTORY_KEPT = 1000;

export interface DbKvStore extends KvStore {
  /** Every value the key took, oldest first (the last HISTORY_KEPT). */
  history(key: string): Promise<Array<{ revision: number; value: string; at: string }>>;
}

/**
 * Hull's store (SQLite or PostgreSQL) as the FleetLock service's KvStore:
 * table fleetlock_kv, one row per key with a revision that every change bumps
 * (starting at 1). The compare-and-swap runs in a transaction that holds the
 * key's row (`select … for update` on PostgreSQL; `begin immediate` on SQLite
 * holds the database's write lock), compares the revision, writes the value
 * and its history row: several `hull serve` replicas on one database never
 * both win against one revision.
 */
export function dbKvStore(store: DbStore, clock: Clock): DbKvStore {
  const db: Kysely<FleetLockTables> = store.db;
  const now = () => clock.now().toISOString();
  return {
    async createIfAbsent(key, value) {
      return inTransaction(db, store.dialect, `creating FleetLock key "${key}"`, async (tx) => {
        const at = now();
        const r = await tx
          .insertInto('fleetlock_kv')
          .values({ key, value, revision: 1, updated_at: at })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        const created = Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
        if (created) {
          await tx.deleteFrom('fleetlock_kv_history').where('key', '=', key).execute();
          await tx.insertInto('fleetlock_kv_history').values({ key, revision: 1, value, at }).execute();
        }
        return created;
      });
    },

    async get(key): Promise<KvEntry | undefined> {
      const row = await storeQuery(`reading FleetLock key "${key}"`, () =>
        db.selectFrom('fleetlock_kv').select(['value', 'revision']).where('key', '=', key).executeTakeFirst(),
      );
      return row === undefined ? undefined : { value: row.value, index: Number(row.revision) };
    },

    async compareAndSwap(key, value, prevIndex): Promise<CasResult> {
      return inTransaction(db, store.dialect, `writing FleetLock key "${key}"`, async (tx) => {
        let read = tx.selectFrom('fleetlock_kv').select('revision').where('key', '=', key);
        if (store.dialect === 'postgres') read = read.forUpdate();
        const row = await read.executeTakeFirst();
        const current = row === undefined ? 0 : Number(row.revision);
        if (current !== prevIndex)
          return { ok: false, message: `compare failed: revision ${current}, not ${prevIndex}` };
        const revision = current + 1;
        const at = now();
        await tx.updateTable('fleetlock_kv').set({ value, revision, updated_at: at }).where('key', '=', key).execute();
        await tx.insertInto('fleetlock_kv_history').values({ key, revision, value, at }).execute();
        await tx
          .deleteFrom('fleetlock_kv_history')
          .where('key', '=', key)
          .where('revision', '<=', revision - HISTORY_KEPT)
          .execute();
        return { ok: true, index: revision };
      });
    },

    async history(key) {
      const rows = await storeQuery(`reading the history of FleetLock key "${key}"`, () =>
        db
          .selectFrom('fleetlock_kv_history')
          .select(['revision', 'value', 'at'])
          .where('key', '=', key)
          .orderBy('revision')
          .execute(),
      );
      return rows.map((r) => ({ revision: Number(r.revision), value: r.value, at: r.at }));
    },
  };
}
