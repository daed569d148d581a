import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FLATCAR_APP_ID, InstanceStatus, type UpdateRepository } from '../../../src/update/index.js';
import {
  AMD64_BETA_GROUP,
  AMD64_STABLE_GROUP,
  assertConflict,
  checkIn,
  T,
  withRepo,
  type UpdateRepositoryFactory,
} from './harness.js';

const A = FLATCAR_APP_ID;

/** Six machines: m1…m6 with aliases, versions, groups, statuses and check times that the queries tell apart. */
async function fleet(repo: UpdateRepository): Promise<void> {
  const rows = [
    ['m1', 'web-1', '10.0.0.1', '3000.0.0', AMD64_STABLE_GROUP, 10],
    ['m2', 'Web-2', '10.0.0.2', '3000.0.0', AMD64_STABLE_GROUP, 30],
    ['m3', 'db_1', '10.0.1.3', '3100.0.0', AMD64_STABLE_GROUP, 20],
    ['m4', '50%', '10.0.1.4', '3100.0.0', AMD64_BETA_GROUP, 40],
    ['m5', 'cache', '10.0.2.5', '3200.0.0', AMD64_STABLE_GROUP, 50],
    ['m6', 'old', '10.0.2.6', '3000.0.0', AMD64_STABLE_GROUP, 5],
  ] as const;
  for (const [id, alias, ip, version, group, at] of rows) {
    await repo.upsertInstance(checkIn(id, group, { alias, ip, version }), T(at));
  }
  await repo.updateInstanceApp('m3', A, { status: InstanceStatus.UpdateGranted }, T(21));
  await repo.updateInstanceApp('m5', A, { status: InstanceStatus.UpdateGranted }, T(51));
  await repo.prune({ hideInstancesSeenBefore: T(6), deleteEventsBefore: T(0), deleteActivityBefore: T(0) });
}

const ids = (page: { items: readonly { instance: { id: string } }[] }) => page.items.map((r) => r.instance.id);

export function instanceTests(f: UpdateRepositoryFactory): void {
  describe('instances', () => {
    test('upsertInstance: a new machine starts Undefined; later check-ins refresh it, empty fields keep the stored ones', () =>
      withRepo(f, async (repo) => {
        const first = await repo.upsertInstance(
          checkIn('m1', AMD64_STABLE_GROUP, { alias: 'web-1', oemVersion: '1.2' }),
          T(10),
        );
        assert.equal(first.created, true);
        assert.deepEqual(first.instance, {
          id: 'm1',
          ip: '10.0.0.1',
          alias: 'web-1',
          oem: 'qemu',
          oemVersion: '1.2',
          alephVersion: '3510.2.0',
          createdAt: T(10),
        });
        assert.deepEqual(first.app, {
          instanceId: 'm1',
          appId: A,
          groupId: AMD64_STABLE_GROUP,
          version: '3815.2.0',
          status: InstanceStatus.Undefined,
          lastCheckAt: T(10),
          lastUpdateGrantedAt: null,
          lastUpdateVersion: null,
          lastUpdateFromVersion: null,
          updateInProgress: false,
        });
        await repo.updateInstanceApp(
          'm1',
          A,
          { status: InstanceStatus.UpdateGranted, lastUpdateVersion: '4000.0.0', updateInProgress: true },
          T(11),
        );
        const again = await repo.upsertInstance(
          checkIn('m1', AMD64_BETA_GROUP, { alias: '', ip: '10.9.9.9', oem: '', version: '3900.0.0' }),
          T(20),
        );
        assert.equal(again.created, false);
        assert.deepEqual(again.instance, { ...first.instance, ip: '10.9.9.9' });
        assert.deepEqual(again.app, {
          ...first.app,
          groupId: AMD64_BETA_GROUP,
          version: '3900.0.0',
          lastCheckAt: T(20),
          status: InstanceStatus.UpdateGranted,
          lastUpdateVersion: '4000.0.0',
          updateInProgress: true,
        });
        assert.deepEqual(await repo.getInstance('m1'), again.instance);
        assert.deepEqual(await repo.getInstanceApp('m1', A), again.app);
        const other = await repo.createApp({ name: 'Ext' }, T(1));
        const g = await repo.createGroup({ appId: other.id, name: 'g', track: 't', channelId: null }, T(1));
        const ext = await repo.upsertInstance({ ...checkIn('m1', g.id), appId: other.id }, T(30));
        assert.equal(ext.created, true, 'a known machine new to an app');
        assert.equal(await repo.getInstance('nope'), undefined);
        assert.equal(await repo.getInstanceApp('m1', '00000000-0000-0000-0000-000000000000'), undefined);
      }));

    test('getInstanceRow: the machine, its state in the app, lastSeen and hidden in one read, hidden machines too', () =>
      withRepo(f, async (repo) => {
        assert.equal(await repo.getInstanceRow('m1', A), undefined);
        const { instance, app } = await repo.upsertInstance(
          checkIn('m1', AMD64_STABLE_GROUP, { alias: 'web-1' }),
          T(10),
        );
        assert.deepEqual(await repo.getInstanceRow('m1', A), { instance, app, lastSeen: T(10), hidden: false });
        await repo.prune({ hideInstancesSeenBefore: T(11), deleteEventsBefore: T(0), deleteActivityBefore: T(0) });
        assert.deepEqual(await repo.getInstanceRow('m1', A), { instance, app, lastSeen: T(10), hidden: true });
        assert.equal(await repo.getInstanceRow('m1', '00000000-0000-0000-0000-000000000000'), undefined);
        assert.equal(await repo.getInstanceRow('m2', A), undefined);
      }));

    test('upsertInstance refuses an unknown app or group and stores nothing', () =>
      withRepo(f, async (repo) => {
        await assertConflict(repo.upsertInstance(checkIn('m9', 'nope'), T(1)), /no group/);
        await assertConflict(
          repo.upsertInstance({ ...checkIn('m9', AMD64_STABLE_GROUP), appId: 'nope' }, T(1)),
          /no app/,
        );
        assert.equal(await repo.getInstance('m9'), undefined);
      }));

    test('updateInstanceApp writes the given fields, and one history row only when the status changes', () =>
      withRepo(f, async (repo) => {
        await repo.upsertInstance(checkIn('m1', AMD64_STABLE_GROUP), T(1));
        const granted = await repo.updateInstanceApp(
          'm1',
          A,
          {
            status: InstanceStatus.UpdateGranted,
            lastUpdateGrantedAt: T(2),
            lastUpdateVersion: '4000.0.0',
            lastUpdateFromVersion: '3815.2.0',
            updateInProgress: true,
          },
          T(2),
        );
        assert.equal(granted?.status, InstanceStatus.UpdateGranted);
        assert.equal(granted?.lastUpdateFromVersion, '3815.2.0');
        await repo.updateInstanceApp('m1', A, { status: InstanceStatus.UpdateGranted, lastCheckAt: T(3) }, T(3));
        await repo.updateInstanceApp('m1', A, { lastCheckAt: T(4) }, T(4));
        await repo.updateInstanceApp('m1', A, { status: InstanceStatus.Downloading }, T(5));
        await repo.updateInstanceApp(
          'm1',
          A,
          { status: InstanceStatus.Complete, version: '4000.0.0', updateInProgress: false },
          T(6),
        );
        assert.deepEqual(await repo.statusHistory('m1', A, 10), [
          {
            instanceId: 'm1',
            appId: A,
            groupId: AMD64_STABLE_GROUP,
            status: InstanceStatus.Complete,
            version: '4000.0.0',
            createdAt: T(6),
          },
          {
            instanceId: 'm1',
            appId: A,
            groupId: AMD64_STABLE_GROUP,
            status: InstanceStatus.Downloading,
            version: '3815.2.0',
            createdAt: T(5),
          },
          {
            instanceId: 'm1',
            appId: A,
            groupId: AMD64_STABLE_GROUP,
            status: InstanceStatus.UpdateGranted,
            version: '3815.2.0',
            createdAt: T(2),
          },
        ]);
        assert.deepEqual(
          (await repo.statusHistory('m1', A, 1)).map((h) => h.status),
          [InstanceStatus.Complete],
        );
        assert.equal((await repo.getInstanceApp('m1', A))?.lastCheckAt, T(4));
        assert.equal(await repo.updateInstanceApp('nope', A, { status: InstanceStatus.Error }, T(7)), undefined);
        await assertConflict(repo.updateInstanceApp('m1', A, { groupId: 'nope' }, T(7)), /no group/);
      }));

    test('listInstances: filters, search (case-insensitive, % literal), sort, order, pages, hidden machines', () =>
      withRepo(f, async (repo) => {
        await fleet(repo);
        const all = { page: 1, perPage: 50 };
        assert.deepEqual(
          ids(await repo.listInstances(all)),
          ['m5', 'm4', 'm2', 'm3', 'm1'],
          'newest check first by default; m6 hidden',
        );
        assert.deepEqual(ids(await repo.listInstances({ ...all, includeHidden: true })), [
          'm5',
          'm4',
          'm2',
          'm3',
          'm1',
          'm6',
        ]);
        const hidden = (await repo.listInstances({ ...all, includeHidden: true })).items.find(
          (r) => r.instance.id === 'm6',
        );
        assert.equal(hidden?.hidden, true);
        assert.equal(hidden?.lastSeen, T(5));
        assert.deepEqual(ids(await repo.listInstances({ ...all, groupId: AMD64_STABLE_GROUP, sort: 'id' })), [
          'm1',
          'm2',
          'm3',
          'm5',
        ]);
        assert.deepEqual(ids(await repo.listInstances({ ...all, status: InstanceStatus.UpdateGranted, sort: 'id' })), [
          'm3',
          'm5',
        ]);
        assert.deepEqual(ids(await repo.listInstances({ ...all, version: '3000.0.0', sort: 'id' })), ['m1', 'm2']);
        assert.deepEqual(ids(await repo.listInstances({ ...all, search: 'WEB', sort: 'id' })), ['m1', 'm2']);
        assert.deepEqual(ids(await repo.listInstances({ ...all, search: '10.0.1.', sort: 'id' })), ['m3', 'm4']);
        assert.deepEqual(ids(await repo.listInstances({ ...all, search: '%' })), ['m4'], '% matches itself only');
        assert.deepEqual(ids(await repo.listInstances({ ...all, search: 'b_' })), ['m3'], '_ matches itself only');
        assert.deepEqual(ids(await repo.listInstances({ ...all, search: 'M5' })), ['m5'], 'the machine id');
        assert.deepEqual(ids(await repo.listInstances({ ...all, sort: 'version', order: 'desc' })), [
          'm5',
          'm3',
          'm4',
          'm1',
          'm2',
        ]);
        assert.deepEqual(ids(await repo.listInstances({ ...all, sort: 'ip' })), ['m1', 'm2', 'm3', 'm4', 'm5']);
        assert.deepEqual(ids(await repo.listInstances({ ...all, sort: 'lastCheck', order: 'asc' })), [
          'm1',
          'm3',
          'm2',
          'm4',
          'm5',
        ]);
        const page2 = await repo.listInstances({ page: 2, perPage: 2, sort: 'id' });
        assert.deepEqual({ ...page2, items: ids(page2) }, { items: ['m3', 'm4'], total: 5, page: 2, perPage: 2 });
        const beyond = await repo.listInstances({ page: 9, perPage: 2, sort: 'id', groupId: AMD64_STABLE_GROUP });
        assert.deepEqual({ ...beyond, items: ids(beyond) }, { items: [], total: 4, page: 9, perPage: 2 });
        const row = (await repo.listInstances({ ...all, search: 'm3' })).items[0];
        assert.deepEqual(row, {
          instance: await repo.getInstance('m3'),
          app: await repo.getInstanceApp('m3', A),
          lastSeen: T(20),
          hidden: false,
        });
      }));
  });
}
