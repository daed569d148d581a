import type { Store } from '../../core/index.js';
import type { UntypedDb } from './untyped-db.js';

export type StoreDialect = Store['dialect'];

/** What a migration may know about the database it runs on. */
export interface MigrationContext {
  /**
   * The dialect, for the rare statement that cannot be written portably.
   * Prefer portable schema-builder types; see docs/store.md.
   */
  readonly dialect: StoreDialect;
}

/**
 * One step of the schema. Migrations run in registry order, each inside its
 * own transaction together with the row that records it, so a migration is
 * applied entirely or not at all. Forward only: there is no `down`; to undo,
 * add a new migration.
 *
 * `up` receives a handle bound to the migration's transaction: use only it,
 * and do not open transactions of your own inside.
 */
export interface HullMigration {
  /** `NNNN_snake_name`, the same as the file name without `.ts`. */
  readonly name: string;
  up(db: UntypedDb, context: MigrationContext): Promise<void>;
}
