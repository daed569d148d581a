import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FLATCAR_APP_ID,
  InstanceStatus,
  type InstanceAppPatch,
  type UpdateRepository,
} from '../../../src/update/index.js';
import { AMD64_BETA_GROUP, AMD64_STABLE_GROUP, checkIn, T, withRepo, type UpdateRepositoryFactory } from './harness.js';

const A = FLATCAR_APP_ID;
const V = '4000.0.0';

async function machine(
  repo: UpdateRepository,
  id: string,
  groupId: string,
  checkAt: number,
  patch: InstanceAppPatch,
): Promise<void> {
  await repo.upsertInstance(checkIn(id, groupId), T(checkAt));
  await repo.updateInstanceApp(id, A, patch, T(checkAt));
}

const granted = (at: number, inProgress: boolean, version = V): InstanceAppPatch => ({
  status: inProgress ? InstanceStatus.UpdateGranted : InstanceStatus.Complete,
  lastUpdateGrantedAt: T(at),
  lastUpdateVersion: version,
  lastUpdateFromVersion: '3815.2.0',
  updateInProgress: inProgress,
});

async function failure(
  repo: UpdateRepository,
  id: string,
  at: number,
  errorCode: number | null,
  type = 3,
  result = 0,
): Promise<void> {
  await repo.addEvent({
    instanceId: id,
    appId: A,
    groupId: AMD64_STABLE_GROUP,
    type,
    result,
    errorCode,
    rawErrorCode: errorCode === null ? null : String(errorCode),
    previousVersion: null,
    version: '3815.2.0',
    createdAt: T(at),
  });
}

export function statsTests(f: UpdateRepositoryFactory): void {
  describe('statistics', () => {
    test("rolloutStats counts the group's machines seen since seenSince (all bounds inclusive)", () =>
      withRepo(f, async (repo) => {
        const G = AMD64_STABLE_GROUP;
        await machine(repo, 'a', G, 950, granted(950, true)); // granted in period, in progress
        await machine(repo, 'b', G, 950, granted(850, true)); // in progress, granted before the period
        await machine(repo, 'c', G, 950, granted(700, true)); // timed out
        await machine(repo, 'd', G, 950, granted(600, false)); // attempted the current version
        await machine(repo, 'e', G, 950, granted(600, false, '3900.0.0')); // attempted another version
        await machine(repo, 'f', G, 400, granted(950, true)); // not seen since seenSince
        await machine(repo, 'g', AMD64_BETA_GROUP, 950, granted(950, true)); // another group
        await machine(repo, 'h', G, 500, granted(900, true)); // on every bound
        await machine(repo, 'i', G, 950, {}); // never granted
        const stats = await repo.rolloutStats(G, {
          seenSince: T(500),
          periodStart: T(900),
          timeoutStart: T(800),
          version: V,
        });
        assert.deepEqual(stats, { grantedInPeriod: 2, inProgress: 3, timedOut: 1, attemptedCurrent: 1 });
        assert.deepEqual(
          await repo.rolloutStats('nope', { seenSince: T(0), periodStart: T(0), timeoutStart: T(0), version: V }),
          { grantedInPeriod: 0, inProgress: 0, timedOut: 0, attemptedCurrent: 0 },
        );
      }));

    test('haltSample: machines granted the version since `since`, failed (3/0) or rolled back (3/0 error 44) after their grant, each counted once', () =>
      withRepo(f, async (repo) => {
        const G = AMD64_STABLE_GROUP;
        await machine(repo, 'p', G, 600, granted(600, false));
        await failure(repo, 'p', 700, 1000); // failed
        await machine(repo, 'r', G, 600, granted(600, false));
        await failure(repo, 'r', 650, 7);
        await failure(repo, 'r', 700, 44); // rolled back (and not also failed)
        await machine(repo, 's', G, 600, granted(600, true));
        await failure(repo, 's', 550, 7); // before its grant: not counted
        await machine(repo, 't', G, 600, granted(600, true));
        await failure(repo, 't', 700, null, 13, 1); // progress: not a failure
        await failure(repo, 't', 700, 44, 3, 1); // 44 with another result: not a rollback
        await machine(repo, 'u', G, 400, granted(400, false));
        await failure(repo, 'u', 450, 7); // granted before the window
        await machine(repo, 'w', G, 600, granted(600, false, '3900.0.0'));
        await failure(repo, 'w', 700, 7); // another version
        await machine(repo, 'x', G, 600, granted(500, false));
        await failure(repo, 'x', 700, null); // granted on the bound; 3/0 without an error code
        await machine(repo, 'y', AMD64_BETA_GROUP, 600, granted(600, false));
        await failure(repo, 'y', 700, 7); // another group
        assert.deepEqual(await repo.haltSample(G, V, T(500)), { granted: 5, failed: 2, rolledBack: 1 });
        assert.deepEqual(await repo.haltSample(G, '9.9.9', T(0)), { granted: 0, failed: 0, rolledBack: 0 });
      }));

    test('versionBreakdown (visible machines, most first) and instanceCounts (per app, group, channel, version, status)', () =>
      withRepo(f, async (repo) => {
        const G = AMD64_STABLE_GROUP;
        for (const [id, version, at] of [
          ['1', 'v1', 10],
          ['2', 'v1', 10],
          ['3', 'v1', 10],
          ['4', 'v2', 10],
          ['5', 'v2', 10],
          ['6', 'v3', 1],
          ['7', 'v0', 10],
        ] as const) {
          await repo.upsertInstance(checkIn(id, G, { version }), T(at));
        }
        await repo.upsertInstance(checkIn('8', AMD64_BETA_GROUP, { version: 'v1' }), T(10));
        await repo.updateInstanceApp('5', A, { status: InstanceStatus.Error }, T(11));
        await repo.prune({ hideInstancesSeenBefore: T(5), deleteEventsBefore: T(0), deleteActivityBefore: T(0) });
        assert.deepEqual(await repo.versionBreakdown(G), [
          { version: 'v1', instances: 3 },
          { version: 'v2', instances: 2 },
          { version: 'v0', instances: 1 },
        ]);
        assert.deepEqual(await repo.versionBreakdown('nope'), []);
        const stable = (await repo.getGroup(G))!.channelId;
        const beta = (await repo.getGroup(AMD64_BETA_GROUP))!.channelId;
        const key = (c: { groupId: string; version: string; status: number }) =>
          `${c.groupId}/${c.version}/${c.status}`;
        const counts = [...(await repo.instanceCounts())].sort((x, y) => key(x).localeCompare(key(y)));
        const row = (
          groupId: string,
          channelId: string | null,
          version: string,
          status: number,
          instances: number,
        ) => ({ appId: A, groupId, channelId, version, status, instances });
        const want = [
          row(G, stable, 'v0', 1, 1),
          row(G, stable, 'v1', 1, 3),
          row(G, stable, 'v2', 1, 1),
          row(G, stable, 'v2', 3, 1),
          row(AMD64_BETA_GROUP, beta, 'v1', 1, 1),
        ].sort((x, y) => key(x).localeCompare(key(y)));
        assert.deepEqual(counts, want);
      }));

    test("versionReports: the group's visible machines (first check-in, version now, last check) and their status-history rows and events made in the group", () =>
      withRepo(f, async (repo) => {
        const G = AMD64_STABLE_GROUP;
        await repo.upsertInstance(checkIn('m', G, { version: '3815.2.0' }), T(10));
        await repo.updateInstanceApp('m', A, { status: InstanceStatus.UpdateGranted }, T(20)); // a status-history row, 3815.2.0
        await repo.addEvent({
          instanceId: 'm',
          appId: A,
          groupId: G,
          type: 3,
          result: 2,
          errorCode: null,
          rawErrorCode: null,
          previousVersion: '3815.2.0',
          version: '4000.0.0',
          createdAt: T(30),
        });
        await repo.upsertInstance(checkIn('m', G, { version: '4000.0.0' }), T(40));
        await repo.upsertInstance(checkIn('n', G, { version: '3815.2.0' }), T(15));
        await repo.upsertInstance(checkIn('old', G, { version: '3000.0.0' }), T(1)); // hidden below
        await repo.upsertInstance(checkIn('b', AMD64_BETA_GROUP, { version: '9.9.9' }), T(15));
        await repo.addEvent({
          instanceId: 'b',
          appId: A,
          groupId: AMD64_BETA_GROUP,
          type: 3,
          result: 1,
          errorCode: null,
          rawErrorCode: null,
          previousVersion: null,
          version: '9.9.9',
          createdAt: T(16),
        });
        await repo.prune({ hideInstancesSeenBefore: T(5), deleteEventsBefore: T(0), deleteActivityBefore: T(0) });
        const r = await repo.versionReports(G);
        assert.deepEqual(
          [...r.machines].sort((x, y) => x.instanceId.localeCompare(y.instanceId)),
          [
            { instanceId: 'm', createdAt: T(10), version: '4000.0.0', lastCheckAt: T(40) },
            { instanceId: 'n', createdAt: T(15), version: '3815.2.0', lastCheckAt: T(15) },
          ],
        );
        assert.deepEqual(
          [...r.reports].sort((x, y) => x.at.localeCompare(y.at)),
          [
            { instanceId: 'm', version: '3815.2.0', status: InstanceStatus.UpdateGranted, at: T(20) },
            { instanceId: 'm', version: '4000.0.0', status: null, at: T(30) },
          ],
        );
        assert.deepEqual(await repo.versionReports('nope'), { machines: [], reports: [] });
      }));
  });
}
