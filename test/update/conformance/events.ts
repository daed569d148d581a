import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ActivityClass, FLATCAR_APP_ID, Severity, type Activity, type UpdateEvent } from '../../../src/update/index.js';
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

const event = (
  instanceId: string,
  groupId: string,
  at: number,
  extra: Partial<UpdateEvent> = {},
): Omit<UpdateEvent, 'id'> => ({
  instanceId,
  appId: A,
  groupId,
  type: 3,
  result: 2,
  errorCode: null,
  rawErrorCode: null,
  previousVersion: '',
  version: '3815.2.0',
  createdAt: T(at),
  ...extra,
});

const activity = (at: number, extra: Partial<Activity> = {}): Omit<Activity, 'id'> => ({
  class: ActivityClass.RolloutStarted,
  severity: Severity.Info,
  appId: A,
  groupId: AMD64_STABLE_GROUP,
  channelId: null,
  instanceId: null,
  version: '4000.0.0',
  message: `at ${at}`,
  createdAt: T(at),
  ...extra,
});

export function eventTests(f: UpdateRepositoryFactory): void {
  describe('events and activity', () => {
    test('events: stored as given, listed newest first, filtered and paged; an unknown machine refused', () =>
      withRepo(f, async (repo) => {
        await repo.upsertInstance(checkIn('m1', AMD64_STABLE_GROUP), T(1));
        await repo.upsertInstance(checkIn('m2', AMD64_BETA_GROUP), T(1));
        const e1 = await repo.addEvent(
          event('m1', AMD64_STABLE_GROUP, 10, {
            type: 3,
            result: 0,
            errorCode: 7,
            rawErrorCode: '268435463',
            previousVersion: null,
          }),
        );
        assert.match(e1.id, /^[0-9a-f-]{36}$/);
        assert.deepEqual(e1, {
          ...event('m1', AMD64_STABLE_GROUP, 10, {
            type: 3,
            result: 0,
            errorCode: 7,
            rawErrorCode: '268435463',
            previousVersion: null,
          }),
          id: e1.id,
        });
        const e2 = await repo.addEvent(event('m1', AMD64_STABLE_GROUP, 20, { type: 13, result: 1 }));
        const e3 = await repo.addEvent(event('m2', AMD64_BETA_GROUP, 15));
        const all = await repo.listEvents({ page: 1, perPage: 10 });
        assert.deepEqual(all, { items: [e2, e3, e1], total: 3, page: 1, perPage: 10 });
        assert.deepEqual((await repo.listEvents({ page: 1, perPage: 10, instanceId: 'm1' })).items, [e2, e1]);
        assert.deepEqual((await repo.listEvents({ page: 1, perPage: 10, groupId: AMD64_BETA_GROUP })).items, [e3]);
        assert.deepEqual((await repo.listEvents({ page: 1, perPage: 10, appId: 'other' })).total, 0);
        assert.deepEqual(await repo.listEvents({ page: 2, perPage: 2 }), {
          items: [e1],
          total: 3,
          page: 2,
          perPage: 2,
        });
        await assertConflict(repo.addEvent(event('nope', AMD64_STABLE_GROUP, 1)), /no instance/);
        await assertConflict(repo.addEvent({ ...event('m1', AMD64_STABLE_GROUP, 1), appId: 'nope' }), /no app/);
      }));

    test('activity: stored as given, newest first, every filter, from inclusive and to exclusive, pages', () =>
      withRepo(f, async (repo) => {
        const a1 = await repo.addActivity(activity(10));
        const a2 = await repo.addActivity(
          activity(20, {
            class: ActivityClass.RolloutHalted,
            severity: Severity.Error,
            instanceId: 'm1',
            channelId: 'c1',
            version: '4001.0.0',
          }),
        );
        const a3 = await repo.addActivity(
          activity(30, { groupId: null, class: ActivityClass.PackageNotFound, severity: Severity.Warning }),
        );
        const page = { page: 1, perPage: 10 };
        assert.deepEqual(await repo.listActivity(page), { items: [a3, a2, a1], total: 3, page: 1, perPage: 10 });
        assert.deepEqual((await repo.listActivity({ ...page, appId: A, groupId: AMD64_STABLE_GROUP })).items, [a2, a1]);
        assert.deepEqual((await repo.listActivity({ ...page, channelId: 'c1' })).items, [a2]);
        assert.deepEqual((await repo.listActivity({ ...page, instanceId: 'm1' })).items, [a2]);
        assert.deepEqual((await repo.listActivity({ ...page, version: '4000.0.0' })).items, [a3, a1]);
        assert.deepEqual((await repo.listActivity({ ...page, class: ActivityClass.RolloutHalted })).items, [a2]);
        assert.deepEqual((await repo.listActivity({ ...page, severity: Severity.Warning })).items, [a3]);
        assert.deepEqual((await repo.listActivity({ ...page, from: T(10), to: T(30) })).items, [a2, a1]);
        assert.deepEqual(await repo.listActivity({ page: 2, perPage: 1 }), {
          items: [a2],
          total: 3,
          page: 2,
          perPage: 1,
        });
        await assertConflict(repo.addActivity(activity(1, { appId: 'nope' })), /no app/);
      }));

    test('prune hides machines not seen since, deletes older events and activity, and a hidden machine that checks in is shown again', () =>
      withRepo(f, async (repo) => {
        await repo.upsertInstance(checkIn('old', AMD64_STABLE_GROUP), T(10));
        await repo.upsertInstance(checkIn('new', AMD64_STABLE_GROUP), T(100));
        await repo.addEvent(event('old', AMD64_STABLE_GROUP, 10));
        const kept = await repo.addEvent(event('new', AMD64_STABLE_GROUP, 100));
        await repo.addActivity(activity(10));
        await repo.addActivity(activity(49));
        const recent = await repo.addActivity(activity(50));
        const result = await repo.prune({
          hideInstancesSeenBefore: T(50),
          deleteEventsBefore: T(100),
          deleteActivityBefore: T(50),
        });
        assert.deepEqual(result, { instancesHidden: 1, eventsDeleted: 1, activityDeleted: 2 });
        assert.deepEqual((await repo.listEvents({ page: 1, perPage: 10 })).items, [kept]);
        assert.deepEqual((await repo.listActivity({ page: 1, perPage: 10 })).items, [recent]);
        assert.deepEqual(
          (await repo.listInstances({ page: 1, perPage: 10 })).items.map((r) => r.instance.id),
          ['new'],
        );
        assert.deepEqual(
          await repo.prune({ hideInstancesSeenBefore: T(50), deleteEventsBefore: T(0), deleteActivityBefore: T(0) }),
          { instancesHidden: 0, eventsDeleted: 0, activityDeleted: 0 },
          'a hidden machine is not counted twice',
        );
        await repo.upsertInstance(checkIn('old', AMD64_STABLE_GROUP), T(200));
        const back = (await repo.listInstances({ page: 1, perPage: 10 })).items.find((r) => r.instance.id === 'old');
        assert.equal(back?.hidden, false);
        assert.equal(back?.lastSeen, T(200));
      }));
  });
}
