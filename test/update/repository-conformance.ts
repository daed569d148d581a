/**
 * The UpdateRepository port's conformance suite (test/store/store-conformance.ts
 * is the pattern): every implementation — the store on SQLite and on
 * PostgreSQL, and the in-memory one — runs the same tests. The factory gives a
 * fresh, seeded repository per test and says what the implementation can do:
 * `twoServers` (two pools on one database) and `concurrentGroups` (locks per
 * group rather than one writer at a time) enable the tests that need them.
 */
import { describe } from 'node:test';
import { catalogTests } from './conformance/catalog.js';
import { eventTests } from './conformance/events.js';
import { groupTests } from './conformance/groups.js';
import type { UpdateRepositoryFactory } from './conformance/harness.js';
import { instanceTests } from './conformance/instances.js';
import { statsTests } from './conformance/stats.js';
import { transactionTests } from './conformance/transactions.js';

export type { RepoTarget, UpdateRepositoryFactory } from './conformance/harness.js';

export function updateRepositoryConformance(factory: UpdateRepositoryFactory): void {
  describe(`UpdateRepository conformance (${factory.name})`, () => {
    catalogTests(factory);
    groupTests(factory);
    instanceTests(factory);
    eventTests(factory);
    statsTests(factory);
    transactionTests(factory);
  });
}
