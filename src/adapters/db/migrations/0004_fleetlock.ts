import type { HullMigration } from '../migration.js';
import type { UntypedDb } from '../untyped-db.js';

/**
 * The FleetLock server's tables (docs/reboot.md#the-fleetlock-server):
 * - fleetlock_groups: the groups and their slot counts (also when the locks
 *   themselves live on etcd).
 * - fleetlock_kv: Hull's store as the lock service's KvStore, one row per key
 *   (airlock's keys), `revision` bumped by every change (the compare-and-swap
 *   compares it).
 * - fleetlock_kv_history: every value a key took, by revision (an audit of
 *   who held a slot when; the last 1000 per key are kept).
 * The group `default` (Zincati's default) starts with 1 slot, as airlock's
 * default configuration has it.
 */
export const migration: HullMigration = {
  name: '0004_fleetlock',
  async up(db: UntypedDb): Promise<void> {
    await db.schema
      .createTable('fleetlock_groups')
      .addColumn('name', 'text', (c) => c.primaryKey().notNull())
      .addColumn('slots', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('fleetlock_kv')
      .addColumn('key', 'text', (c) => c.primaryKey().notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('fleetlock_kv_history')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('fleetlock_kv_history_pk', ['key', 'revision'])
      .execute();
    const at = new Date().toISOString();
    await db
      .insertInto('fleetlock_groups')
      .values({ name: 'default', slots: 1, created_at: at, updated_at: at })
      .execute();
  },
};
