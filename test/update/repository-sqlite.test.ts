import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { dbUpdateRepository, openStore } from '../../src/adapters/db/index.js';
import { updateRepositoryConformance } from './repository-conformance.js';

const root = mkdtempSync(join(tmpdir(), 'hull-update-repo-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

// One Hull process opens one store per SQLite file (docs/store.md), so there
// is no two-server case here; writers are one at a time (begin immediate).
updateRepositoryConformance({
  name: 'SQLite store',
  concurrentGroups: false,
  async fresh() {
    const store = await openStore({ dataDir: join(root, `db-${++counter}`) });
    return { repo: dbUpdateRepository(store), close: () => store.close() };
  },
});
