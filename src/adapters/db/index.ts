/**
 * The database store: the Store port over Kysely, on SQLite (better-sqlite3,
 * `<dataDir>/hull.sqlite`) or PostgreSQL (pg). See docs/store.md.
 */
export { openStore, type OpenStoreOptions } from './open-store.js';
export type { DbStore } from './kysely-store.js';
export type { HullMigration, MigrationContext, StoreDialect } from './migration.js';
export type { CoreTables, HullMetaTable, HullMigrationsTable } from './core-tables.js';
export { MIGRATIONS } from './migrations/index.js';
export { SQLITE_FILE_NAME, sqliteFileFor } from './sqlite-connection.js';
export { redactDatabaseUrl } from './database-url.js';
export { storeQuery, isUniqueViolation, isForeignKeyViolation } from './driver-error.js';
export { dbUpdateRepository } from './update/db-update-repository.js';
export { dbTokenRepository } from './auth/token-repository.js';
export { dbKvStore, type DbKvStore } from './fleetlock/kv-store.js';
export { dbFleetLockGroups } from './fleetlock/groups.js';
export { dbJournalRepository, type DbJournalRepository } from './journal/db-journal-repository.js';
export { describeError } from './driver-error.js';
export { makeDir } from './make-dir.js';
