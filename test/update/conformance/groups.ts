import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, FLATCAR_APP_ID, type GroupPolicy } from '../../../src/update/index.js';
import {
  AMD64_STABLE_GROUP,
  ARM_STABLE_GROUP,
  assertConflict,
  checkIn,
  pkg,
  T,
  withRepo,
  type UpdateRepositoryFactory,
} from './harness.js';

export function groupTests(f: UpdateRepositoryFactory): void {
  describe('groups', () => {
    test('create with a partial policy (the rest default), update policy parts, rollout state; names unique per app', () =>
      withRepo(f, async (repo) => {
        const stable = (await repo.getGroup(AMD64_STABLE_GROUP))!.channelId;
        const p = await repo.createPackage(pkg(FLATCAR_APP_ID, '3000.0.0'), T(1));
        const g = await repo.createGroup(
          {
            appId: FLATCAR_APP_ID,
            name: 'Canary',
            description: 'c',
            track: 'canary',
            channelId: stable,
            policy: { safeMode: false, maxUpdatesPerPeriod: 5 },
          },
          T(2),
        );
        assert.deepEqual(g, {
          id: g.id,
          appId: FLATCAR_APP_ID,
          name: 'Canary',
          description: 'c',
          track: 'canary',
          channelId: stable,
          policy: { ...DEFAULT_POLICY, safeMode: false, maxUpdatesPerPeriod: 5 },
          rollout: { inProgress: false, version: null, halted: null },
          createdAt: T(2),
        });
        assert.deepEqual(await repo.getGroup(g.id), g);
        const policy: Partial<GroupPolicy> = {
          pin: { packageId: p.id, allowDowngrade: true },
          staged: { percent: 12.5, schedule: { startAt: T(100), durationSeconds: 86400 } },
          autoHalt: { enabled: true, windowSeconds: 600, threshold: 0.25, minSamples: 3 },
          officeHours: true,
          timezone: 'Europe/Berlin',
          periodIntervalSeconds: 60,
          updateTimeoutSeconds: 120,
          updatesEnabled: false,
        };
        const updated = await repo.updateGroup(g.id, { description: 'd2', policy });
        assert.deepEqual(updated, { ...g, description: 'd2', policy: { ...g.policy, ...policy } });
        assert.deepEqual(await repo.getGroup(g.id), updated);
        assert.deepEqual(
          (await repo.updateGroup(g.id, { policy: { staged: { percent: 100, schedule: null }, pin: null } }))?.policy,
          { ...updated!.policy, staged: { percent: 100, schedule: null }, pin: null },
        );
        await repo.setRollout(g.id, {
          inProgress: true,
          version: '3000.0.0',
          halted: { at: T(9), reason: '3 of 10 failed' },
        });
        assert.deepEqual((await repo.getGroup(g.id))?.rollout, {
          inProgress: true,
          version: '3000.0.0',
          halted: { at: T(9), reason: '3 of 10 failed' },
        });
        await repo.setRollout(g.id, { inProgress: false, version: '3000.0.0', halted: null });
        assert.deepEqual((await repo.getGroup(g.id))?.rollout, {
          inProgress: false,
          version: '3000.0.0',
          halted: null,
        });
        await repo.setRollout('nope', { inProgress: true, version: null, halted: null });
        await assertConflict(
          repo.createGroup({ appId: FLATCAR_APP_ID, name: 'Canary', track: 'x', channelId: null }, T(3)),
          /"Canary"/,
        );
        await assertConflict(
          repo.createGroup({ appId: FLATCAR_APP_ID, name: 'N', track: 'x', channelId: 'nope' }, T(3)),
          /no channel/,
        );
        await assertConflict(
          repo.updateGroup(g.id, { policy: { pin: { packageId: 'nope', allowDowngrade: false } } }),
          /no package/,
        );
        await assertConflict(repo.updateGroup(g.id, { name: 'Stable (AMD64)' }), /"Stable \(AMD64\)"/);
        assert.equal(await repo.updateGroup('nope', { name: 'x' }), undefined);
        assert.equal((await repo.listGroups(FLATCAR_APP_ID)).length, 7);
      }));

    test("deleting a group deletes its machines' states in it (the machines stay)", () =>
      withRepo(f, async (repo) => {
        const g = await repo.createGroup({ appId: FLATCAR_APP_ID, name: 'Tmp', track: 'tmp', channelId: null }, T(1));
        await repo.upsertInstance(checkIn('m1', g.id), T(2));
        assert.equal(await repo.deleteGroup(g.id), true);
        assert.equal(await repo.deleteGroup(g.id), false);
        assert.equal(await repo.getGroup(g.id), undefined);
        assert.equal(await repo.getInstanceApp('m1', FLATCAR_APP_ID), undefined);
        assert.equal((await repo.getInstance('m1'))?.id, 'm1');
      }));

    test('findGroupByTrack: track and channel arch, the newest of several, or the group id (braces and case ignored)', () =>
      withRepo(f, async (repo) => {
        assert.equal((await repo.findGroupByTrack(FLATCAR_APP_ID, 'stable', 'amd64'))?.id, AMD64_STABLE_GROUP);
        assert.equal((await repo.findGroupByTrack(FLATCAR_APP_ID, 'stable', 'aarch64'))?.id, ARM_STABLE_GROUP);
        assert.equal(await repo.findGroupByTrack(FLATCAR_APP_ID, 'stable', 'x86'), undefined, 'no x86 channel');
        assert.equal(
          await repo.findGroupByTrack(FLATCAR_APP_ID, 'Stable', 'amd64'),
          undefined,
          'tracks are case-sensitive',
        );
        assert.equal(await repo.findGroupByTrack(FLATCAR_APP_ID, 'nope', 'amd64'), undefined);
        const stable = (await repo.getGroup(AMD64_STABLE_GROUP))!.channelId;
        const newer = await repo.createGroup(
          { appId: FLATCAR_APP_ID, name: 'Stable 2', track: 'stable', channelId: stable },
          T(10),
        );
        await repo.createGroup({ appId: FLATCAR_APP_ID, name: 'Stable 1', track: 'stable', channelId: stable }, T(5));
        await repo.createGroup({ appId: FLATCAR_APP_ID, name: 'No channel', track: 'stable', channelId: null }, T(20));
        assert.equal(
          (await repo.findGroupByTrack(FLATCAR_APP_ID, 'stable', 'amd64'))?.id,
          newer.id,
          'newest with a channel of the arch',
        );
        assert.equal(
          (await repo.findGroupByTrack(FLATCAR_APP_ID, `{${AMD64_STABLE_GROUP.toUpperCase()}}`, 'amd64'))?.id,
          AMD64_STABLE_GROUP,
        );
        assert.equal(
          await repo.findGroupByTrack(FLATCAR_APP_ID, AMD64_STABLE_GROUP, 'aarch64'),
          undefined,
          'an id of another arch',
        );
        const other = await repo.createApp({ name: 'Other' }, T(1));
        assert.equal(await repo.findGroupByTrack(other.id, 'stable', 'amd64'), undefined);
        assert.equal(
          await repo.findGroupByTrack(other.id, AMD64_STABLE_GROUP, 'amd64'),
          undefined,
          'an id of another app',
        );
      }));
  });
}
