import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryUpdateRepository } from '../../src/adapters/memory/update-repository.js';
import { silentLogger } from '../../src/core/index.js';
import {
  ActivityClass,
  FLATCAR_APP_ID,
  INSTANCE_STATUS_NAMES,
  OmahaService,
  resume,
  type CheckIn,
  type CheckInEvent,
  type GroupPolicy,
  type UpdateRepository,
} from '../../src/update/index.js';

const STABLE_AMD64 = '9a2deb70-37be-4026-853f-bfdd6b347bbe';
const STABLE_CHANNEL = 'e06064ad-4414-4904-9a6e-fd465593d1b2';

class TestClock {
  t = Date.parse('2026-12-02T10:00:00.000Z');
  now = () => new Date(this.t);
  advance(seconds: number) {
    this.t += seconds * 1000;
  }
}

async function setup(policy: Partial<GroupPolicy> = {}) {
  const repo = new MemoryUpdateRepository() as UpdateRepository;
  const clock = new TestClock();
  const pkg = await repo.createPackage(
    {
      appId: FLATCAR_APP_ID,
      version: '1001.0.0',
      arch: 'amd64',
      url: 'http://127.0.0.1:9/p/',
      filename: 'flatcar_production_update.gz',
      size: 100,
      sha1: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      sha256Hex: '00'.repeat(32),
      action: {
        sha256: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        disablePayloadBackoff: true,
        isDelta: false,
        maxFailureCountPerUrl: null,
      },
    },
    clock.now().toISOString(),
  );
  await repo.updateChannel(STABLE_CHANNEL, { packageId: pkg.id });
  await repo.updateGroup(STABLE_AMD64, { policy: { safeMode: false, maxUpdatesPerPeriod: 10, ...policy } });
  const inner = new OmahaService(repo, clock, silentLogger);
  // Each request a second after the last, so "newest first" lists have one order.
  const service = {
    checkIn: (r: CheckIn) => {
      clock.advance(1);
      return inner.checkIn(r);
    },
  };
  return { repo, clock, service, pkg };
}

const ev = (type: number, result: number, extra: Partial<CheckInEvent> = {}): CheckInEvent => ({
  type,
  result,
  errorCode: null,
  rawErrorCode: null,
  previousVersion: undefined,
  ...extra,
});
const machine = (n: number) => n.toString(16).padStart(32, '0');
function req(id: string, version: string, over: Partial<CheckIn> = {}): CheckIn {
  return {
    appId: '{E96281A6-D1AF-4BDE-9A0A-97B76E56DC57}',
    machineId: id,
    version,
    track: 'stable',
    arch: 'amd64',
    ip: '127.0.0.1',
    alias: 'w1',
    oem: 'qemu',
    oemVersion: '0.0.1',
    alephVersion: '1000.0.0',
    ping: true,
    updateCheck: true,
    events: [ev(3, 2, { previousVersion: '' })],
    ...over,
  };
}
const eventOnly = (id: string, version: string, e: CheckInEvent) =>
  req(id, version, { ping: false, updateCheck: false, events: [e] });
const status = async (repo: UpdateRepository, id: string) =>
  INSTANCE_STATUS_NAMES[(await repo.getInstanceApp(id, FLATCAR_APP_ID))!.status];

test('a whole update moves the machine Granted → Downloading → Downloaded → Complete, as in Nebraska', async () => {
  const { repo, service, clock } = await setup();
  const m = machine(1);
  const first = await service.checkIn(req(m, '1000.0.0', { events: [ev(3, 2, { previousVersion: '0.0.0.0' })] }));
  assert.equal(first.appStatus, 'ok');
  assert.equal(first.updateCheck?.status, 'ok');
  assert.equal(first.updateCheck?.status === 'ok' && first.updateCheck.pkg.version, '1001.0.0');
  assert.deepEqual([first.events, first.ping], [1, true]);
  assert.equal(await status(repo, m), 'granted');
  for (const [e, expected] of [
    [ev(13, 1), 'downloading'],
    [ev(14, 1), 'downloaded'],
    [ev(3, 1), 'downloaded'],
  ] as const) {
    clock.advance(10);
    const r = await service.checkIn(eventOnly(m, '1000.0.0', e));
    assert.deepEqual([r.appStatus, r.updateCheck, r.events], ['ok', null, 1]);
    assert.equal(await status(repo, m), expected);
  }
  clock.advance(2700);
  await service.checkIn(req(m, '1000.0.0', { updateCheck: false, events: [] }));
  assert.equal(await status(repo, m), 'downloaded', 'a ping while waiting for the reboot changes nothing');
  clock.advance(60);
  const after = await service.checkIn(req(m, '1001.0.0', { events: [ev(3, 2, { previousVersion: '1000.0.0' })] }));
  assert.equal(after.updateCheck?.status, 'noupdate');
  assert.equal(await status(repo, m), 'complete');
  const history = (await repo.statusHistory(m, FLATCAR_APP_ID, 10))
    .map((h) => INSTANCE_STATUS_NAMES[h.status])
    .reverse();
  assert.deepEqual(history.slice(-4), ['granted', 'downloading', 'downloaded', 'complete']);
  const events = (await repo.listEvents({ page: 1, perPage: 10, instanceId: m })).items
    .map((e) => `${e.type}/${e.result}`)
    .reverse();
  assert.deepEqual(events, ['13/1', '14/1', '3/1', '3/2']);
  const activity = (await repo.listActivity({ page: 1, perPage: 10, appId: FLATCAR_APP_ID })).items.map((a) => a.class);
  assert.ok(
    activity.includes(ActivityClass.RolloutStarted) && activity.includes(ActivityClass.RolloutFinished),
    `activity: ${activity}`,
  );
});

test('a bare 44 after the reboot is a rollback: Error, recorded, and the machine may be offered the update again', async () => {
  const { repo, service } = await setup();
  const m = machine(2);
  await service.checkIn(req(m, '1000.0.0'));
  for (const e of [ev(13, 1), ev(14, 1), ev(3, 1)]) await service.checkIn(eventOnly(m, '1000.0.0', e));
  const back = await service.checkIn(req(m, '1000.0.0', { events: [ev(3, 0, { errorCode: 44, rawErrorCode: '44' })] }));
  const rows = (await repo.listEvents({ page: 1, perPage: 10, instanceId: m })).items;
  assert.deepEqual([rows[0]!.type, rows[0]!.result, rows[0]!.errorCode, rows[0]!.rawErrorCode], [3, 0, 44, '44']);
  assert.equal(back.updateCheck?.status, 'ok', 'the error ended the update, so the check is a new candidate');
  assert.equal(await status(repo, m), 'granted');
});

test('a failure with flag bits is stored masked and as sent; the machine shows Error', async () => {
  const { repo, service } = await setup();
  const m = machine(3);
  await service.checkIn(req(m, '1000.0.0'));
  await service.checkIn(eventOnly(m, '1000.0.0', ev(13, 1)));
  await service.checkIn(eventOnly(m, '1000.0.0', ev(3, 0, { errorCode: 18, rawErrorCode: '268435474' })));
  assert.equal(await status(repo, m), 'error');
  const e = (await repo.listEvents({ page: 1, perPage: 1, instanceId: m })).items[0]!;
  assert.deepEqual([e.errorCode, e.rawErrorCode], [18, '268435474']);
});

test('a machine back on its old version after completing is an inferred rollback (error 44, no raw code)', async () => {
  const { repo, service } = await setup();
  const m = machine(4);
  await service.checkIn(req(m, '1000.0.0'));
  for (const e of [ev(13, 1), ev(14, 1), ev(3, 1)]) await service.checkIn(eventOnly(m, '1000.0.0', e));
  await service.checkIn(req(m, '1001.0.0', { events: [ev(3, 2, { previousVersion: '1000.0.0' })] }));
  assert.equal(await status(repo, m), 'complete');
  await service.checkIn(req(m, '1000.0.0', { updateCheck: false }));
  assert.equal(await status(repo, m), 'error');
  const e = (await repo.listEvents({ page: 1, perPage: 1, instanceId: m })).items[0]!;
  assert.deepEqual([e.type, e.result, e.errorCode, e.rawErrorCode], [3, 0, 44, null]);
});

test('a bare 44 after the reboot and the 3/2 (the real client, run.sh --after-reboot then --rollback): Error, stored once with its raw code', async () => {
  const { repo, service } = await setup();
  const m = machine(5);
  await service.checkIn(req(m, '1000.0.0', { events: [ev(3, 2, { previousVersion: '0.0.0.0' })] }));
  for (const e of [ev(13, 1), ev(14, 1), ev(3, 1)]) await service.checkIn(eventOnly(m, '1000.0.0', e));
  await service.checkIn(req(m, '1001.0.0', { events: [ev(3, 2, { previousVersion: '1000.0.0' })] }));
  assert.equal(await status(repo, m), 'complete');
  const back = await service.checkIn(req(m, '1000.0.0', { events: [ev(3, 0, { errorCode: 44, rawErrorCode: '44' })] }));
  const rows = (await repo.listEvents({ page: 1, perPage: 10, instanceId: m })).items;
  assert.deepEqual(
    rows.filter((e) => e.result === 0).map((e) => [e.type, e.result, e.errorCode, e.rawErrorCode, e.version]),
    [[3, 0, 44, '44', '1000.0.0']],
  );
  // Error and the new grant are written in one check-in, with one time stamp.
  const history = (await repo.statusHistory(m, FLATCAR_APP_ID, 10))
    .map((h) => INSTANCE_STATUS_NAMES[h.status])
    .reverse();
  assert.deepEqual(history.slice(-3).sort(), ['complete', 'error', 'granted'].sort());
  assert.equal(history.at(-3), 'complete');
  assert.equal(back.updateCheck?.status, 'ok', 'the machine is offered the update again, as Nebraska would');
  assert.equal(await status(repo, m), 'granted');
  const failed = (await repo.listActivity({ page: 1, perPage: 10, appId: FLATCAR_APP_ID })).items.filter(
    (a) => a.class === ActivityClass.InstanceUpdateFailed,
  );
  assert.equal(failed.length, 1);
});

test('a bare 44 after the completion (update_engine rolled back after reporting 3/2) is recorded as sent, once, and counted', async () => {
  const { repo, service } = await setup();
  const m = machine(7);
  await service.checkIn(req(m, '1000.0.0'));
  for (const e of [ev(13, 1), ev(14, 1), ev(3, 1)]) await service.checkIn(eventOnly(m, '1000.0.0', e));
  await service.checkIn(req(m, '1001.0.0', { events: [ev(3, 2, { previousVersion: '1000.0.0' })] }));
  assert.equal(await status(repo, m), 'complete');
  await service.checkIn(
    req(m, '1000.0.0', { updateCheck: false, events: [ev(3, 0, { errorCode: 44, rawErrorCode: '44' })] }),
  );
  assert.equal(await status(repo, m), 'error');
  const rows = (await repo.listEvents({ page: 1, perPage: 10, instanceId: m })).items.filter((e) => e.result === 0);
  assert.deepEqual(
    rows.map((e) => [e.type, e.errorCode, e.rawErrorCode, e.version]),
    [[3, 44, '44', '1000.0.0']],
  );
  const sample = await repo.haltSample('9a2deb70-37be-4026-853f-bfdd6b347bbe', '1001.0.0', '1970-01-01T00:00:00.000Z');
  assert.equal(sample.rolledBack, 1);
});

test('unknown app, unknown group, bad version: an error status and nothing stored', async () => {
  const { repo, service } = await setup();
  const rows: [Partial<CheckIn>, string][] = [
    [{ appId: '{00000000-0000-0000-0000-000000000000}' }, 'error-unknownApplication'],
    [{ track: 'no-such-track' }, 'error-unknownApplicationOrGroup'],
    [{ version: 'not a version' }, 'error-invalidVersion'],
  ];
  for (const [over, expected] of rows) {
    const r = await service.checkIn(req(machine(5), '1000.0.0', over));
    assert.deepEqual([r.appStatus, r.updateCheck?.status, r.events], [expected, 'error-internal', 1]);
  }
  assert.equal((await repo.listInstances({ page: 1, perPage: 10, includeHidden: true })).total, 0);
});

test('a group named by its id (a legacy CoreUpdate track) is found', async () => {
  const { service } = await setup();
  const r = await service.checkIn(req(machine(6), '1000.0.0', { track: STABLE_AMD64 }));
  assert.equal(r.updateCheck?.status, 'ok');
});

test('auto-halt: failures among the machines granted the version halt the group; resume is needed', async () => {
  const { repo, service } = await setup({
    autoHalt: { enabled: true, windowSeconds: 3600, threshold: 0.75, minSamples: 2 },
  });
  for (const n of [10, 11]) {
    await service.checkIn(req(machine(n), '1000.0.0'));
    await service.checkIn(eventOnly(machine(n), '1000.0.0', ev(13, 1)));
  }
  await service.checkIn(eventOnly(machine(10), '1000.0.0', ev(3, 0, { errorCode: 9, rawErrorCode: '268435465' })));
  assert.equal(
    (await repo.getGroup(STABLE_AMD64))!.rollout.halted,
    null,
    'one of two is at the threshold only with the second',
  );
  await service.checkIn(eventOnly(machine(11), '1000.0.0', ev(3, 0, { errorCode: 44, rawErrorCode: '44' })));
  const halted = (await repo.getGroup(STABLE_AMD64))!.rollout.halted;
  assert.match(halted?.reason ?? '', /2 of 2 machines/);
  const third = await service.checkIn(req(machine(12), '1000.0.0'));
  assert.deepEqual([third.appStatus, third.updateCheck?.status], ['error-rolloutHalted', 'error-internal']);
  const log = (await repo.listActivity({ page: 1, perPage: 20, class: ActivityClass.RolloutHalted })).items;
  assert.equal(log.length, 1);
  // Resumed: the failures before it no longer count, so the next machine is granted.
  await resume(repo, STABLE_AMD64, new Date(Date.parse(log[0]!.createdAt) + 5000).toISOString());
  const fourth = await service.checkIn(req(machine(13), '1000.0.0'));
  assert.equal(fourth.updateCheck?.status, 'ok');
  assert.equal((await repo.getGroup(STABLE_AMD64))!.rollout.halted, null);
});

test('200 concurrent first checks with max 5 per period: exactly 5 granted, the rest OnHold', async () => {
  const { repo, service } = await setup({ maxUpdatesPerPeriod: 5 });
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => service.checkIn(req(machine(1000 + i), '1000.0.0'))),
  );
  assert.equal(results.filter((r) => r.updateCheck?.status === 'ok').length, 5);
  assert.equal(results.filter((r) => r.appStatus === 'error-maxUpdatesPerPeriodLimitReached').length, 195);
  const onHold = await repo.listInstances({ page: 1, perPage: 1, status: 8 });
  assert.equal(onHold.total, 195);
});
