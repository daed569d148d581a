import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide, type Decision, type DecideInput } from './decide.js';
import {
  DEFAULT_POLICY,
  InstanceStatus,
  type Channel,
  type Group,
  type GroupPolicy,
  type InstanceApp,
  type Package,
} from './model.js';
import { rolloutBucket } from './staged.js';

// A Wednesday, 10:30 UTC (11:30 in Berlin, 05:30 in New York).
const NOW = new Date('2026-12-02T10:30:00.000Z');
const APP = 'app-1';

function pkg(id: string, version: string, extra: Partial<Package> = {}): Package {
  return {
    id,
    appId: APP,
    version,
    arch: 'amd64',
    url: 'http://127.0.0.1/p/',
    filename: 'u.gz',
    size: 10,
    sha1: 'x',
    sha256Hex: 'y',
    action: { sha256: 'z', disablePayloadBackoff: true, isDelta: false, maxFailureCountPerUrl: null },
    extraFiles: [],
    blacklistChannelIds: [],
    description: '',
    createdAt: NOW.toISOString(),
    ...extra,
  };
}

const OLD = pkg('p-old', '999.0.0');
const FLOOR = pkg('p-floor', '1000.5.0');
const TARGET = pkg('p-target', '1001.0.0');
const CHANNEL: Channel = {
  id: 'ch-1',
  appId: APP,
  name: 'stable',
  arch: 'amd64',
  color: '',
  packageId: TARGET.id,
  createdAt: '',
};

function input(
  p: {
    policy?: Partial<GroupPolicy>;
    instance?: Partial<InstanceApp>;
    group?: Partial<Group>;
    floors?: boolean;
    packages?: Package[];
    stats?: Partial<DecideInput['stats']>;
    sample?: Partial<DecideInput['haltSample']>;
    channel?: Partial<Channel>;
    now?: Date;
  } = {},
): DecideInput {
  const packages = p.packages ?? [OLD, FLOOR, TARGET];
  const group: Group = {
    id: 'g-1',
    appId: APP,
    name: 'stable',
    description: '',
    track: 'stable',
    channelId: CHANNEL.id,
    policy: { ...DEFAULT_POLICY, safeMode: false, maxUpdatesPerPeriod: 10, ...p.policy },
    rollout: { inProgress: false, version: null, halted: null },
    createdAt: '',
    ...p.group,
  };
  return {
    now: p.now ?? NOW,
    instance: {
      instanceId: 'a'.repeat(32),
      appId: APP,
      groupId: group.id,
      version: '1000.0.0',
      status: InstanceStatus.Undefined,
      lastCheckAt: NOW.toISOString(),
      lastUpdateGrantedAt: null,
      lastUpdateVersion: null,
      lastUpdateFromVersion: null,
      updateInProgress: false,
      ...p.instance,
    },
    group,
    channel: { ...CHANNEL, ...p.channel },
    packageById: (id) => packages.find((x) => x.id === id),
    floors: p.floors ? [{ channelId: CHANNEL.id, packageId: FLOOR.id, reason: 'schema change' }] : [],
    stats: { grantedInPeriod: 0, inProgress: 0, timedOut: 0, attemptedCurrent: 1, ...p.stats },
    haltSample: { granted: 0, failed: 0, rolledBack: 0, ...p.sample },
  };
}

/** The decision in a line: `update 1001.0.0 grant`, `noupdate up-to-date`, `refused error-… onhold`. */
function show(d: Decision): string {
  if (d.kind === 'update')
    return `update ${d.pkg.version}${d.grant ? ' grant' : ' resend'}${d.isFloor ? ' floor' : ''}${d.downgrade ? ' downgrade' : ''}`;
  if (d.kind === 'noupdate') return `noupdate ${d.reason}${d.markComplete ? ' complete' : ''}`;
  return `refused ${d.appStatus}${d.instanceStatus === InstanceStatus.OnHold ? ' onhold' : ''}${d.disableUpdates ? ' disable' : ''}${d.halt ? ' halt' : ''}`;
}

// One row per granting rule (update.md §2.3 and issue 13's additions).
const inBucket = (pct: number): boolean => rolloutBucket('a'.repeat(32), TARGET.version) < pct;
const ROWS: [string, DecideInput, string][] = [
  ['an older machine is granted the channel version', input(), 'update 1001.0.0 grant'],
  [
    'a machine on the channel version gets nothing',
    input({ instance: { version: '1001.0.0' } }),
    'noupdate up-to-date',
  ],
  ['updates disabled', input({ policy: { updatesEnabled: false } }), 'refused error-updatesDisabled'],
  [
    'office hours: inside, in the group zone (Berlin 11:30 Wed)',
    input({ policy: { officeHours: true, timezone: 'Europe/Berlin' } }),
    'update 1001.0.0 grant',
  ],
  [
    'office hours: outside, in the group zone (New York 05:30 Wed)',
    input({ policy: { officeHours: true, timezone: 'America/New_York' } }),
    'refused error-updatesDisabled',
  ],
  [
    'office hours: weekend',
    input({ policy: { officeHours: true, timezone: 'UTC' }, now: new Date('2026-12-05T10:30:00Z') }),
    'refused error-updatesDisabled',
  ],
  [
    'max per period reached',
    input({ policy: { maxUpdatesPerPeriod: 5 }, stats: { grantedInPeriod: 5 } }),
    'refused error-maxUpdatesPerPeriodLimitReached onhold',
  ],
  [
    'max per period not reached',
    input({ policy: { maxUpdatesPerPeriod: 5 }, stats: { grantedInPeriod: 4 } }),
    'update 1001.0.0 grant',
  ],
  [
    'concurrency limit',
    input({ policy: { maxUpdatesPerPeriod: 3 }, stats: { inProgress: 3 } }),
    'refused error-maxConcurrentUpdatesLimitReached onhold',
  ],
  [
    'safe mode: the first machine is the canary',
    input({ policy: { safeMode: true, maxUpdatesPerPeriod: 10 }, stats: { attemptedCurrent: 0 } }),
    'update 1001.0.0 grant',
  ],
  [
    'safe mode: one canary at a time until one has attempted',
    input({ policy: { safeMode: true, maxUpdatesPerPeriod: 10 }, stats: { attemptedCurrent: 0, grantedInPeriod: 1 } }),
    'refused error-maxUpdatesPerPeriodLimitReached onhold',
  ],
  [
    "safe mode: after the canary attempted, the limit is the group's",
    input({ policy: { safeMode: true, maxUpdatesPerPeriod: 10 }, stats: { attemptedCurrent: 1, grantedInPeriod: 1 } }),
    'update 1001.0.0 grant',
  ],
  [
    'safe mode: timed-out updates disable the group',
    input({ policy: { safeMode: true, maxUpdatesPerPeriod: 2 }, stats: { timedOut: 2 } }),
    'refused error-maxTimedOutUpdatesLimitReached onhold disable',
  ],
  [
    'no safe mode: timed-out updates do not',
    input({ policy: { safeMode: false, maxUpdatesPerPeriod: 2 }, stats: { timedOut: 2 } }),
    'update 1001.0.0 grant',
  ],
  [
    'unlimited without safe mode ignores the counts',
    input({ policy: { maxUpdatesPerPeriod: 900000 }, stats: { grantedInPeriod: 999999, inProgress: 999999 } }),
    'update 1001.0.0 grant',
  ],
  ['floors first', input({ floors: true }), 'update 1000.5.0 grant floor'],
  [
    'a machine past the floor goes to the target',
    input({ floors: true, instance: { version: '1000.5.0' } }),
    'update 1001.0.0 grant',
  ],
  [
    'a blacklisted floor is skipped',
    input({ floors: true, packages: [OLD, { ...FLOOR, blacklistChannelIds: [CHANNEL.id] }, TARGET] }),
    'update 1001.0.0 grant',
  ],
  [
    'blacklist: the channel package blacklisted for the channel is not offered',
    input({ packages: [OLD, FLOOR, { ...TARGET, blacklistChannelIds: [CHANNEL.id] }] }),
    'noupdate blacklisted',
  ],
  ['no downgrade without a pin', input({ instance: { version: '1002.0.0' } }), 'noupdate up-to-date'],
  [
    'pin to an older version without allowDowngrade: newer machines stay',
    input({ instance: { version: '1000.0.0' }, policy: { pin: { packageId: OLD.id, allowDowngrade: false } } }),
    'noupdate newer-than-pin',
  ],
  [
    'pin with allowDowngrade: newer machines are offered the pin',
    input({ instance: { version: '1001.0.0' }, policy: { pin: { packageId: OLD.id, allowDowngrade: true } } }),
    'update 999.0.0 grant downgrade',
  ],
  [
    'pin to a newer version than the channel',
    input({
      packages: [OLD, FLOOR, TARGET, pkg('p-new', '1002.0.0')],
      policy: { pin: { packageId: 'p-new', allowDowngrade: false } },
    }),
    'update 1002.0.0 grant',
  ],
  [
    'pin reached',
    input({ instance: { version: '999.0.0' }, policy: { pin: { packageId: OLD.id, allowDowngrade: true } } }),
    'noupdate up-to-date',
  ],
  [
    'staged: a machine outside the share waits',
    input({ policy: { staged: { percent: inBucket(50) ? 0 : 50, schedule: null } } }),
    'noupdate not-in-staged-share',
  ],
  [
    'staged: a machine inside the share is granted',
    input({ policy: { staged: { percent: inBucket(50) ? 50 : 100, schedule: null } } }),
    'update 1001.0.0 grant',
  ],
  [
    'staged: a schedule at its end lets everyone in',
    input({
      policy: { staged: { percent: 0, schedule: { startAt: '2026-11-01T00:00:00Z', durationSeconds: 86400 } } },
    }),
    'update 1001.0.0 grant',
  ],
  [
    'staged: a schedule not started yet holds the start share',
    input({
      policy: { staged: { percent: 0, schedule: { startAt: '2027-01-01T00:00:00Z', durationSeconds: 86400 } } },
    }),
    'noupdate not-in-staged-share',
  ],
  [
    'auto-halt: threshold crossed with enough samples halts',
    input({
      policy: { autoHalt: { enabled: true, windowSeconds: 3600, threshold: 0.2, minSamples: 5 } },
      sample: { granted: 10, failed: 1, rolledBack: 1 },
    }),
    'refused error-rolloutHalted halt',
  ],
  [
    'auto-halt: below the threshold goes on',
    input({
      policy: { autoHalt: { enabled: true, windowSeconds: 3600, threshold: 0.2, minSamples: 5 } },
      sample: { granted: 10, failed: 1, rolledBack: 0 },
    }),
    'update 1001.0.0 grant',
  ],
  [
    'auto-halt: too few samples goes on',
    input({
      policy: { autoHalt: { enabled: true, windowSeconds: 3600, threshold: 0.2, minSamples: 5 } },
      sample: { granted: 4, failed: 4, rolledBack: 0 },
    }),
    'update 1001.0.0 grant',
  ],
  ['auto-halt off: failures do not halt', input({ sample: { granted: 10, failed: 10 } }), 'update 1001.0.0 grant'],
  [
    'a halted group grants nothing',
    input({
      group: {
        rollout: { inProgress: true, version: '1001.0.0', halted: { at: NOW.toISOString(), reason: 'by hand' } },
      },
    }),
    'refused error-rolloutHalted',
  ],
  ['no channel package', input({ channel: { packageId: null } }), 'refused error-noPackageFound'],
  [
    'an update in progress on the machine',
    input({
      instance: {
        status: InstanceStatus.Downloading,
        updateInProgress: true,
        lastUpdateGrantedAt: '2026-12-02T10:00:00Z',
        lastUpdateVersion: '1001.0.0',
      },
    }),
    'refused error-updateInProgressOnInstance',
  ],
  [
    'an update in progress past the timeout may be offered again',
    input({
      instance: {
        status: InstanceStatus.Downloading,
        updateInProgress: true,
        lastUpdateGrantedAt: '2026-12-02T08:00:00Z',
        lastUpdateVersion: '1001.0.0',
      },
    }),
    'update 1001.0.0 grant',
  ],
  [
    'granted before: resent without asking the policy',
    input({
      instance: {
        status: InstanceStatus.UpdateGranted,
        updateInProgress: true,
        lastUpdateGrantedAt: '2026-12-02T10:20:00Z',
        lastUpdateVersion: '1001.0.0',
      },
      policy: { updatesEnabled: false },
    }),
    'update 1001.0.0 resend',
  ],
  [
    'granted before and now on it: complete',
    input({
      instance: {
        version: '1001.0.0',
        status: InstanceStatus.UpdateGranted,
        updateInProgress: true,
        lastUpdateGrantedAt: '2026-12-02T10:20:00Z',
        lastUpdateVersion: '1001.0.0',
      },
    }),
    'noupdate granted-version-reached complete',
  ],
];

for (const [name, row, expected] of ROWS) {
  test(`grant rule: ${name}`, () => assert.equal(show(decide(row)), expected));
}

test('the staged share is the same machines on every call and only grows', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => i.toString(16).padStart(32, '0'));
  const share = (pct: number) =>
    ids.filter(
      (id) =>
        decide({
          ...input({ policy: { staged: { percent: pct, schedule: null } } }),
          instance: { ...input().instance, instanceId: id },
        }).kind === 'update',
    );
  const ten = share(10);
  const thirty = share(30);
  assert.ok(ten.length > 120 && ten.length < 280, `10% of 2000 gave ${ten.length}`);
  assert.ok(thirty.length > 480 && thirty.length < 720, `30% of 2000 gave ${thirty.length}`);
  assert.ok(
    ten.every((id) => thirty.includes(id)),
    'raising the share keeps the machines already in it',
  );
  assert.deepEqual(share(10), ten);
});
