import { MemoryStore } from '../../src/adapters/memory/store.js';
import { storeConformance } from './store-conformance.js';

// The in-memory fake answers to the same contract as the real adapters, so
// tests that use it in place of a database test what the database would do.
storeConformance({
  name: 'memory',
  dialect: 'sqlite',
  database: false,
  persistent: false,
  expectedMigrations: [],
  concurrentOpenInProcess: true,
  badInputs: [],
  async fresh() {
    return { open: async () => new MemoryStore() };
  },
});
