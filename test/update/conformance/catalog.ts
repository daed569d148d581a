import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_POLICY,
  FLATCAR_APP_ID,
  SEED_APP,
  SEED_CHANNELS,
  SEED_GROUPS,
  type UpdateRepository,
} from '../../../src/update/index.js';
import { assertConflict, T, withRepo, pkg, type UpdateRepositoryFactory } from './harness.js';

async function stableAmd64(repo: UpdateRepository): Promise<string> {
  const c = (await repo.listChannels(FLATCAR_APP_ID)).find((x) => x.name === 'stable' && x.arch === 'amd64');
  assert.ok(c);
  return c.id;
}

export function catalogTests(f: UpdateRepositoryFactory): void {
  describe('seed', () => {
    test("the Flatcar app, six empty channels and Nebraska's six groups with the default policy", () =>
      withRepo(f, async (repo) => {
        assert.deepEqual(await repo.listApps(), [SEED_APP]);
        const channels = await repo.listChannels(FLATCAR_APP_ID);
        assert.deepEqual(
          [...channels].sort((a, b) => a.id.localeCompare(b.id)),
          [...SEED_CHANNELS].sort((a, b) => a.id.localeCompare(b.id)),
        );
        assert.deepEqual(channels.map((c) => `${c.name}/${c.arch}`).sort(), [
          'alpha/aarch64',
          'alpha/amd64',
          'beta/aarch64',
          'beta/amd64',
          'stable/aarch64',
          'stable/amd64',
        ]);
        assert.ok(channels.every((c) => c.packageId === null));
        const groups = await repo.listGroups(FLATCAR_APP_ID);
        assert.deepEqual(
          [...groups].sort((a, b) => a.id.localeCompare(b.id)),
          [...SEED_GROUPS].sort((a, b) => a.id.localeCompare(b.id)),
        );
        for (const g of groups) {
          const channel = channels.find((c) => c.id === g.channelId);
          assert.equal(g.track, channel?.name);
          assert.deepEqual(g.policy, DEFAULT_POLICY);
        }
        assert.equal((await repo.getGroup('5b810680-e36a-4879-b98a-4f989e80b899'))?.track, 'alpha');
        assert.equal(
          (await repo.findGroupByTrack(FLATCAR_APP_ID, 'beta', 'aarch64'))?.id,
          'd112ec01-ba34-4a9e-9d4b-9814a685f266',
        );
      }));
  });

  describe('apps', () => {
    test('create, read, find, update, delete; names and product ids are unique', () =>
      withRepo(f, async (repo) => {
        const app = await repo.createApp({ name: 'Ext', description: 'd', productId: 'io.example.Ext' }, T(1));
        assert.match(app.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        assert.deepEqual(await repo.getApp(app.id), {
          id: app.id,
          name: 'Ext',
          description: 'd',
          productId: 'io.example.Ext',
          createdAt: T(1),
        });
        assert.deepEqual(await repo.findApp('IO.EXAMPLE.EXT'), app);
        assert.deepEqual(await repo.findApp(`{${app.id.toUpperCase()}}`), app);
        assert.equal((await repo.findApp(`{${FLATCAR_APP_ID.toUpperCase()}}`))?.id, FLATCAR_APP_ID);
        assert.equal(await repo.findApp('io.example.other'), undefined);
        await assertConflict(repo.createApp({ name: 'Ext' }, T(2)), /"Ext"/, /exists/);
        await assertConflict(
          repo.createApp({ name: 'Other', productId: 'io.EXAMPLE.ext' }, T(2)),
          /product id/,
          /"Ext"/,
        );
        await assertConflict(repo.createApp({ name: 'Again', id: FLATCAR_APP_ID }, T(2)), /exists/);
        assert.equal((await repo.listApps()).length, 2, 'nothing was added by the refusals');
        await assertConflict(repo.updateApp(app.id, { name: SEED_APP.name }), /exists/);
        const updated = await repo.updateApp(app.id, { description: 'new', productId: null });
        assert.deepEqual(updated, { ...app, description: 'new', productId: null });
        assert.deepEqual(await repo.getApp(app.id), updated);
        assert.equal(await repo.updateApp('00000000-0000-0000-0000-000000000000', { name: 'x' }), undefined);
        assert.equal(await repo.deleteApp(app.id), true);
        assert.equal(await repo.deleteApp(app.id), false);
        assert.equal(await repo.getApp(app.id), undefined);
      }));

    test('deleting an app deletes its packages, channels, floors, groups, machine states, events and activity', () =>
      withRepo(f, async (repo) => {
        const app = await repo.createApp({ name: 'Gone' }, T(1));
        const p = await repo.createPackage(pkg(app.id, '1.0.0'), T(1));
        const c = await repo.createChannel({ appId: app.id, name: 'stable', arch: 'amd64', packageId: p.id }, T(1));
        await repo.putFloor({ channelId: c.id, packageId: p.id, reason: 'r' });
        const g = await repo.createGroup(
          {
            appId: app.id,
            name: 'G',
            track: 'stable',
            channelId: c.id,
            policy: { pin: { packageId: p.id, allowDowngrade: false } },
          },
          T(1),
        );
        await repo.upsertInstance(
          {
            instanceId: 'm1',
            appId: app.id,
            groupId: g.id,
            version: '1.0.0',
            ip: '',
            alias: '',
            oem: '',
            oemVersion: '',
            alephVersion: '',
          },
          T(2),
        );
        await repo.addEvent({
          instanceId: 'm1',
          appId: app.id,
          groupId: g.id,
          type: 3,
          result: 0,
          errorCode: 1,
          rawErrorCode: '1',
          previousVersion: null,
          version: '1.0.0',
          createdAt: T(3),
        });
        await repo.addActivity({
          class: 2,
          severity: 2,
          appId: app.id,
          groupId: g.id,
          channelId: c.id,
          instanceId: null,
          version: '1.0.0',
          message: 'm',
          createdAt: T(3),
        });
        assert.equal(await repo.deleteApp(app.id), true);
        assert.equal(await repo.getPackage(p.id), undefined);
        assert.equal(await repo.getChannel(c.id), undefined);
        assert.deepEqual(await repo.listFloors(c.id), []);
        assert.equal(await repo.getGroup(g.id), undefined);
        assert.equal(await repo.getInstanceApp('m1', app.id), undefined);
        assert.equal((await repo.listEvents({ page: 1, perPage: 10, instanceId: 'm1' })).total, 0);
        assert.equal((await repo.listActivity({ page: 1, perPage: 10, appId: app.id })).total, 0);
        assert.deepEqual(await repo.statusHistory('m1', app.id, 10), []);
        assert.equal((await repo.getInstance('m1'))?.id, 'm1', 'the machine itself stays');
      }));
  });

  describe('packages', () => {
    test('round-trip of every field; (app, version, arch) is unique; missing references refused', () =>
      withRepo(f, async (repo) => {
        const stable = await stableAmd64(repo);
        const input = pkg(FLATCAR_APP_ID, '3815.2.0', {
          size: 5_000_000_000,
          url: null,
          description: 'LTS',
          action: {
            sha256: `${'b'.repeat(43)}=`,
            disablePayloadBackoff: false,
            isDelta: true,
            maxFailureCountPerUrl: 3,
          },
          extraFiles: [{ name: 'oem-azure.gz', size: 12, sha1: 'x', sha256Hex: 'f'.repeat(64) }],
          blacklistChannelIds: [stable, stable],
        });
        const p = await repo.createPackage(input, T(5));
        assert.deepEqual(p, { ...input, id: p.id, blacklistChannelIds: [stable], createdAt: T(5) });
        assert.deepEqual(await repo.getPackage(p.id), p);
        const arm = await repo.createPackage(pkg(FLATCAR_APP_ID, '3815.2.0', { arch: 'aarch64' }), T(6));
        assert.deepEqual(
          (await repo.listPackages(FLATCAR_APP_ID)).map((x) => x.id),
          [p.id, arm.id],
        );
        await assertConflict(repo.createPackage(pkg(FLATCAR_APP_ID, '3815.2.0'), T(7)), /3815\.2\.0/, /amd64/);
        await assertConflict(repo.createPackage(pkg('00000000-0000-0000-0000-000000000000', '1.0.0'), T(7)), /no app/);
        await assertConflict(
          repo.createPackage(pkg(FLATCAR_APP_ID, '1.0.0', { blacklistChannelIds: ['nope'] }), T(7)),
          /no channel/,
        );
        await assertConflict(repo.updatePackage(arm.id, { arch: 'amd64' }), /3815\.2\.0/);
        assert.equal((await repo.listPackages(FLATCAR_APP_ID)).length, 2);
        const patched = await repo.updatePackage(p.id, { description: 'changed', blacklistChannelIds: [] });
        assert.deepEqual(patched, { ...p, description: 'changed', blacklistChannelIds: [] });
        assert.deepEqual(await repo.getPackage(p.id), patched);
        assert.equal(await repo.updatePackage('nope', { description: 'x' }), undefined);
        assert.equal(await repo.deletePackage('nope'), false);
      }));

    test('a package cannot be deleted while a channel points at it, a floor or a pin names it', () =>
      withRepo(f, async (repo) => {
        const stable = await stableAmd64(repo);
        const p = await repo.createPackage(pkg(FLATCAR_APP_ID, '3815.2.0'), T(1));
        await repo.updateChannel(stable, { packageId: p.id });
        await assertConflict(repo.deletePackage(p.id), /3815\.2\.0/, /channel "stable" \(amd64\) points at it/);
        await repo.updateChannel(stable, { packageId: null });
        await repo.putFloor({ channelId: stable, packageId: p.id, reason: 'migration' });
        await assertConflict(repo.deletePackage(p.id), /floor of channel "stable"/);
        await repo.deleteFloor(stable, p.id);
        await repo.updateGroup(SEED_GROUPS[2]!.id, { policy: { pin: { packageId: p.id, allowDowngrade: true } } });
        await assertConflict(repo.deletePackage(p.id), /group "Stable \(AMD64\)" is pinned to it/);
        assert.ok(await repo.getPackage(p.id), 'nothing deleted');
        await repo.updateGroup(SEED_GROUPS[2]!.id, { policy: { pin: null } });
        assert.equal(await repo.deletePackage(p.id), true);
        assert.equal(await repo.getPackage(p.id), undefined);
      }));
  });

  describe('channels and floors', () => {
    test('create, update, delete; (app, name, arch) is unique; a channel in use by a group stays', () =>
      withRepo(f, async (repo) => {
        const p = await repo.createPackage(pkg(FLATCAR_APP_ID, '4000.0.0'), T(1));
        const c = await repo.createChannel({ appId: FLATCAR_APP_ID, name: 'lts', arch: 'amd64', color: '#000' }, T(2));
        assert.deepEqual(c, {
          id: c.id,
          appId: FLATCAR_APP_ID,
          name: 'lts',
          arch: 'amd64',
          color: '#000',
          packageId: null,
          createdAt: T(2),
        });
        assert.deepEqual(await repo.getChannel(c.id), c);
        await repo.createChannel({ appId: FLATCAR_APP_ID, name: 'lts', arch: 'aarch64' }, T(3));
        await assertConflict(
          repo.createChannel({ appId: FLATCAR_APP_ID, name: 'lts', arch: 'amd64' }, T(4)),
          /"lts"/,
          /amd64/,
        );
        await assertConflict(
          repo.createChannel({ appId: FLATCAR_APP_ID, name: 'x', arch: 'amd64', packageId: 'nope' }, T(4)),
          /no package/,
        );
        await assertConflict(repo.updateChannel(c.id, { name: 'stable' }), /"stable"/);
        assert.deepEqual(await repo.updateChannel(c.id, { packageId: p.id }), { ...c, packageId: p.id });
        assert.equal(await repo.updateChannel('nope', { color: 'x' }), undefined);
        const q = await repo.createPackage(pkg(FLATCAR_APP_ID, '4001.0.0', { blacklistChannelIds: [c.id] }), T(5));
        await repo.putFloor({ channelId: c.id, packageId: p.id, reason: 'first' });
        const g = await repo.createGroup({ appId: FLATCAR_APP_ID, name: 'LTS', track: 'lts', channelId: c.id }, T(6));
        await assertConflict(repo.deleteChannel(c.id), /channel "lts" \(amd64\)/, /group "LTS"/);
        await repo.updateGroup(g.id, { channelId: null });
        assert.equal(await repo.deleteChannel(c.id), true);
        assert.equal(await repo.deleteChannel(c.id), false);
        assert.deepEqual(await repo.listFloors(c.id), []);
        assert.deepEqual((await repo.getPackage(q.id))?.blacklistChannelIds, [], 'its blacklist entries went with it');
      }));

    test('floors: add, replace the reason, list in package order, delete; missing references refused', () =>
      withRepo(f, async (repo) => {
        const stable = await stableAmd64(repo);
        const a = await repo.createPackage(pkg(FLATCAR_APP_ID, '3000.0.0'), T(1));
        const b = await repo.createPackage(pkg(FLATCAR_APP_ID, '3500.0.0'), T(2));
        await repo.putFloor({ channelId: stable, packageId: b.id, reason: 'b' });
        await repo.putFloor({ channelId: stable, packageId: a.id, reason: 'a' });
        await repo.putFloor({ channelId: stable, packageId: a.id, reason: 'a2' });
        assert.deepEqual(await repo.listFloors(stable), [
          { channelId: stable, packageId: a.id, reason: 'a2' },
          { channelId: stable, packageId: b.id, reason: 'b' },
        ]);
        await assertConflict(repo.putFloor({ channelId: stable, packageId: 'nope', reason: '' }), /no package/);
        await assertConflict(repo.putFloor({ channelId: 'nope', packageId: a.id, reason: '' }), /no channel/);
        assert.equal(await repo.deleteFloor(stable, a.id), true);
        assert.equal(await repo.deleteFloor(stable, a.id), false);
        assert.deepEqual(
          (await repo.listFloors(stable)).map((x) => x.packageId),
          [b.id],
        );
      }));
  });
}
