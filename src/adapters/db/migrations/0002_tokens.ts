import { sql } from 'kysely';
import type { HullMigration } from '../migration.js';
import type { UntypedDb } from '../untyped-db.js';

/**
 * auth_tokens: the management API's bearer tokens (docs/update-server.md#access).
 * Only the SHA-256 of a secret is kept (`secret_hash`, hex); `prefix` is its
 * first characters, for display and to find the row. `first_start` is 1 on
 * the token the first start made and null elsewhere: its UNIQUE constraint
 * lets only one of several servers starting at once on one database make it.
 */
export const migration: HullMigration = {
  name: '0002_tokens',
  async up(db: UntypedDb): Promise<void> {
    await db.schema
      .createTable('auth_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'viewer')`))
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('first_start', 'integer', (c) => c.unique())
      .execute();
    await db.schema.createIndex('auth_tokens_prefix').on('auth_tokens').column('prefix').execute();
  },
};
