import type { HullMigration } from '../migration.js';
import type { UntypedDb } from '../untyped-db.js';

/** hull_meta: small key/value facts about this server (ids, counters, versions). */
export const migration: HullMigration = {
  name: '0001_meta',
  async up(db: UntypedDb): Promise<void> {
    await db.schema
      .createTable('hull_meta')
      .addColumn('key', 'text', (col) => col.primaryKey().notNull())
      .addColumn('value', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();
  },
};
