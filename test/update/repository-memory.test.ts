import { MemoryUpdateRepository } from '../../src/adapters/memory/update-repository.js';
import { updateRepositoryConformance } from './repository-conformance.js';

// The in-memory repository answers to the same contract as the store, so the
// layers above can be tested on it and mean what they would on a database.
updateRepositoryConformance({
  name: 'memory',
  concurrentGroups: false,
  async fresh() {
    return { repo: new MemoryUpdateRepository(), close: async () => undefined };
  },
});
