/**
 * The scenario file's format, version 1 (docs/sim.md describes it field by
 * field). Policy fields are named as the update server names them
 * (src/update/server/model.ts GroupPolicy) and bounded as its management API
 * bounds them (src/http/routes/update/schemas.ts; a test keeps the two in step).
 */
import { bool, duration, int, list, map, num, obj, req, seconds, str, version, type ObjNode } from './shape.js';

const NAME = {
  re: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
  what: 'a name (letters, digits, ".", "_", "-"; starting with a letter or digit)',
};
const name = (description: string) => str({ minLength: 1, maxLength: 64, pattern: NAME, description });
const YEAR_S = 31_536_000;

/** The largest fleet a scenario may describe (machines over all groups). */
export const MAX_MACHINES = 100_000;
export const STRATEGIES = ['reboot', 'etcd-lock', 'fleetlock', 'off'] as const;
export const OUTCOMES = ['boots', 'fails-health', 'fails-boot', 'fails-on-share'] as const;
export const HALTED_BY = ['auto-halt', 'manual', 'none'] as const;
export const LOCK_KINDS = ['etcd', 'fleetlock'] as const;

export const POLICY = obj(
  {
    updatesEnabled: bool('whether the group is offered updates at all'),
    safeMode: bool('only one machine per rollout until it reports success'),
    officeHours: bool('grant updates only Monday to Friday, 09:00 to 16:59 in `timezone`'),
    timezone: str({ minLength: 1, maxLength: 64, description: 'IANA time zone for office hours (`Europe/Berlin`)' }),
    periodIntervalSeconds: seconds(1, YEAR_S, 'the period of maxUpdatesPerPeriod'),
    maxUpdatesPerPeriod: int(1, 1_000_000, 'updates granted per period at most'),
    updateTimeoutSeconds: seconds(1, YEAR_S, 'a granted update not completed within this counts as failed'),
    pin: obj(
      {
        release: req(version("the release offered instead of the channel's")),
        allowDowngrade: bool('allow the pin to be older than what machines run'),
      },
      "offer this release instead of the channel's",
    ),
    staged: obj(
      {
        percent: num(0, 100, "share of the group that may take the channel's version now"),
        schedule: obj(
          {
            startAt: req(
              duration('time', { description: 'when the share starts rising, as a time of the simulation' }),
            ),
            durationSeconds: req(seconds(1, YEAR_S, 'from `percent` at startAt to 100 over this long')),
          },
          'a linear rise to 100',
        ),
      },
      'staged rollout',
    ),
    autoHalt: obj(
      {
        enabled: bool(),
        windowSeconds: seconds(60, YEAR_S, 'machines granted within this are the sample'),
        threshold: num(0, 1, 'share of failed or rolled-back machines in the sample that halts the group'),
        minSamples: int(1, 1_000_000, 'no halt with fewer samples'),
      },
      'halt the group when updates fail',
    ),
  },
  "the group's policy (the update server's names; defaults as the server's)",
);

const WINDOW = obj(
  {
    start: req(
      str({
        minLength: 1,
        maxLength: 32,
        description: "locksmith's start: `HH:MM` (daily) or `Day HH:MM` (weekly), in UTC",
      }),
    ),
    length: req(duration('length', { description: 'how long the window lasts' })),
  },
  "reboot only within this window (locksmith's REBOOT_WINDOW_START/LENGTH)",
);

const FLEET_GROUP = obj({
  group: req(name('the server group these machines are in')),
  machines: req(int(1, MAX_MACHINES, 'how many machines')),
  version: req(version('the version the machines start from (a declared release)')),
  reboot: obj(
    {
      strategy: req(str({ enum: STRATEGIES, description: 'update.conf REBOOT_STRATEGY' })),
      window: WINDOW,
    },
    'how the machines reboot after an update',
  ),
  failures: obj(
    {
      neverReboots: int(0, MAX_MACHINES, 'machines that install an update but never reboot'),
      flakyNetwork: obj(
        {
          machines: req(int(0, MAX_MACHINES, 'machines with a flaky network')),
          dropRate: req(num(0, 1, 'share of their requests that fail')),
        },
        'machines whose requests fail now and then',
      ),
    },
    'failure injections',
  ),
});

const RELEASE = obj({
  version: req(version("the release's version")),
  outcome: str({
    enum: OUTCOMES,
    description: 'what the new /usr does: boots (default), fails-health, fails-boot, fails-on-share',
  }),
  failShare: num(0, 1, 'for fails-on-share: the share of machines on which it fails its health gate'),
});

const CHANNEL = obj({
  name: req(name("the channel's name (`stable`)")),
  release: version('the release the channel points at when the simulation starts'),
});

const GROUP = obj({
  name: req(name("the group's name; machines send it as their track")),
  channel: req(name('the channel the group follows (every group needs one)')),
  policy: POLICY,
});

const EVENT = obj({
  at: req(duration('time', { description: 'when, as a time of the simulation (`2h`, `P1DT2H`)' })),
  promote: obj({ release: req(version()), channel: req(name('the channel')) }, 'point a channel at a release'),
  halt: obj({ group: req(name('the group')), reason: str({ maxLength: 200 }) }, "halt a group's rollout by hand"),
  resume: obj({ group: req(name('the group')) }, 'resume a halted group'),
  pin: obj(
    { group: req(name('the group')), release: req(version()), allowDowngrade: bool() },
    'pin a group to a release',
  ),
  unpin: obj({ group: req(name('the group')) }, "remove a group's pin"),
});

export const EVENT_ACTIONS = ['promote', 'halt', 'resume', 'pin', 'unpin'] as const;

const EXPECT = obj(
  {
    finalVersions: map(version(), 1000, 'group → the version every machine of it runs at the end'),
    maxParallelReboots: int(0, MAX_MACHINES, 'never more machines rebooting at once'),
    haltedBy: map(str({ enum: HALTED_BY }), 1000, 'group → how its rollout stands halted at the end'),
  },
  'assertions checked at the end of a run',
);

export const SCENARIO_SCHEMA: ObjNode = obj(
  {
    scenario: req(int(1, 1, 'the format version: 1')),
    name: name("the scenario's name"),
    description: str({ maxLength: 2000 }),
    start: str({
      maxLength: 64,
      description: "the virtual clock's start, an ISO 8601 UTC instant (default 2026-01-05T00:00:00Z, a Monday)",
    }),
    duration: req(
      duration('length', {
        minMs: 1000,
        maxMs: 366 * 86_400_000,
        description: 'how long the simulation runs (virtual time)',
      }),
    ),
    seed: int(0, 2 ** 32 - 1, "the random seed (a run's --seed overrides it)"),
    releases: req(list(RELEASE, 100, 'the releases; every version used elsewhere must be one of them')),
    server: req(
      obj(
        {
          channels: req(list(CHANNEL, 100)),
          groups: req(list(GROUP, 1000)),
        },
        "the update server's channels and groups",
      ),
    ),
    lock: obj(
      {
        kind: req(str({ enum: LOCK_KINDS, description: "etcd (locksmith's semaphore) or fleetlock" })),
        max: req(int(1, 10_000, 'machines that may hold the reboot lock at once')),
      },
      'the reboot lock machines with the etcd-lock or fleetlock strategy share',
    ),
    fleet: req(list(FLEET_GROUP, 1000, 'the machines, per group')),
    events: list(EVENT, 10_000, 'what the operator does, in time'),
    expect: EXPECT,
  },
  'A hull sim scenario (docs/sim.md)',
);
