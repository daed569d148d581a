import type { Kysely } from 'kysely';
import type { UpdateRepository } from '../../../update/index.js';
import { inTransaction as inDbTransaction } from '../transaction.js';
import type { DbStore } from '../kysely-store.js';
import type { StoreDialect } from '../migration.js';
import { appOps } from './apps.js';
import { channelOps } from './channels.js';
import { q, type Ctx } from './context.js';
import { eventOps } from './events.js';
import { groupOps } from './groups.js';
import { instanceOps } from './instances.js';
import { packageOps } from './packages.js';
import { retentionOps } from './retention.js';
import { statsOps } from './stats.js';
import type { UpdateTables } from './tables.js';

/**
 * The update server's storage port on the store (SQLite or PostgreSQL), over
 * the tables of migration 0003_update. docs/update-server.md, Storage.
 */
export function dbUpdateRepository(store: DbStore): UpdateRepository {
  const db: Kysely<UpdateTables> = store.db;
  const top: Ctx = { db, dialect: store.dialect, atomic: (fn) => inTransaction(db, store.dialect, fn) };
  return repositoryOn(top);
}

function repositoryOn(ctx: Ctx): UpdateRepository {
  return {
    ...appOps(ctx),
    ...packageOps(ctx),
    ...channelOps(ctx),
    ...groupOps(ctx),
    ...instanceOps(ctx),
    ...eventOps(ctx),
    ...statsOps(ctx),
    ...retentionOps(ctx),
    transaction: (fn, options) =>
      ctx.atomic(async (tx) => {
        const groupId = options?.lockGroupId;
        if (groupId !== undefined) await lockGroup(tx, groupId);
        return fn(repositoryOn(tx));
      }),
  };
}

/**
 * Holds the group's row until the transaction ends: another transaction that
 * locks the same group (on any connection, in any process) waits here. On
 * SQLite `begin immediate` already took the database's write lock. A group
 * that does not exist locks nothing.
 */
async function lockGroup(tx: Ctx, groupId: string): Promise<void> {
  if (tx.dialect !== 'postgres') return;
  await q(`locking group "${groupId}"`, () =>
    tx.db.selectFrom('update_groups').select('id').where('id', '=', groupId).forUpdate().execute(),
  );
}

/** `fn` in one transaction (../transaction.ts); inside, `atomic` just runs its function: there is no nesting. */
function inTransaction<T>(db: Kysely<UpdateTables>, dialect: StoreDialect, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  return inDbTransaction(db, dialect, 'running a transaction of the update store', (conn) => {
    const tx: Ctx = { db: conn, dialect, atomic: (f) => f(tx) };
    return fn(tx);
  });
}
