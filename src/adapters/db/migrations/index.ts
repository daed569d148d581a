import type { HullMigration } from '../migration.js';
import { migration as m0001 } from './0001_meta.js';
import { migration as m0002 } from './0002_tokens.js';
import { migration as m0003 } from './0003_update.js';
import { migration as m0004 } from './0004_fleetlock.js';
import { migration as m0005 } from './0005_journal.js';
import { migration as m0006 } from './0006_journal_lean.js';
import { migration as m0007 } from './0007_journal_hosts.js';
import { migration as m0008 } from './0008_journal_index_mark.js';
import { migration as m0009 } from './0009_journal_inbox.js';

/**
 * Every migration, in the order it runs. To change the schema, add a file
 * `NNNN_name.ts` exporting `migration` (name: 'NNNN_name') and append one
 * import and one entry here. Never edit, reorder or remove a released one:
 * databases in the field have recorded it (test/store/migration-registry.test.ts
 * checks that this list and the folder agree).
 */
export const MIGRATIONS: readonly HullMigration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009];
