import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkScenario, SIM_ISSUE_CODES } from './index.js';

// A valid scenario; each case below changes one line (or adds lines) and names the
// code and the line:col the mistake must be reported at.
const BASE = `scenario: 1
name: base
duration: 48h
releases:
  - version: 3815.2.0
  - version: 3850.0.0
    outcome: boots
server:
  channels:
    - name: stable
      release: 3815.2.0
  groups:
    - name: prod
      channel: stable
      policy:
        maxUpdatesPerPeriod: 5
        periodIntervalSeconds: 1h
        timezone: UTC
        autoHalt: { enabled: true, threshold: 0.2 }
lock:
  kind: etcd
  max: 2
fleet:
  - group: prod
    machines: 10
    version: 3815.2.0
    reboot:
      strategy: etcd-lock
      window: { start: "02:00", length: 3h }
events:
  - at: 1h
    promote: { release: 3850.0.0, channel: stable }
expect:
  finalVersions: { prod: 3850.0.0 }
  maxParallelReboots: 2
  haltedBy: { prod: none }
`;

/** BASE with line `n` (1-based) replaced by `text` (which may hold several lines). */
const withLine = (n: number, text: string): string => {
  const lines = BASE.split('\n');
  lines[n - 1] = text;
  return lines.join('\n');
};

test('the base scenario is valid and its plan is what it says', () => {
  const { plan, report } = checkScenario(BASE);
  assert.deepEqual(report.issues, []);
  assert.ok(plan);
  assert.equal(plan.durationMs, 48 * 3_600_000);
  assert.equal(plan.start, '2026-01-05T00:00:00Z');
  assert.equal(plan.machines, 10);
  assert.equal(plan.groups[0]!.policy.periodIntervalSeconds, 3600);
  assert.equal(plan.groups[0]!.policy.safeMode, true, "defaults are the server's");
  assert.deepEqual(plan.groups[0]!.policy.autoHalt, {
    enabled: true,
    windowSeconds: 86400,
    threshold: 0.2,
    minSamples: 5,
  });
  assert.deepEqual(plan.events, [
    { atMs: 3_600_000, index: 0, action: { kind: 'promote', release: '3850.0.0', channel: 'stable' } },
  ]);
  assert.equal(plan.fleet[0]!.window?.lengthMs, 3 * 3_600_000);
  assert.deepEqual(plan.lock, { kind: 'etcd', max: 2 });
});

interface Case {
  readonly name: string;
  readonly text: string;
  readonly code: string;
  readonly at: string; // line:col
  readonly path?: readonly (string | number)[];
}

const CASES: readonly Case[] = [
  {
    name: 'unknown key at the top',
    text: withLine(2, 'nmae: base'),
    code: 'SIM_UNKNOWN_KEY',
    at: '2:1',
    path: ['nmae'],
  },
  {
    name: 'unknown key in a policy',
    text: withLine(16, '        maxUpdatesPerPeriodd: 5'),
    code: 'SIM_UNKNOWN_KEY',
    at: '16:9',
  },
  {
    name: 'bad version of a release',
    text: withLine(5, '  - version: 3815.2.x'),
    code: 'SIM_BAD_VERSION',
    at: '5:14',
    path: ['releases', 0, 'version'],
  },
  {
    name: 'a version written as a number',
    text: withLine(5, '  - version: 3815.2'),
    code: 'SIM_TYPE_MISMATCH',
    at: '5:14',
  },
  {
    name: 'policy value out of range (maxUpdatesPerPeriod 0)',
    text: withLine(16, '        maxUpdatesPerPeriod: 0'),
    code: 'SIM_OUT_OF_RANGE',
    at: '16:30',
    path: ['server', 'groups', 0, 'policy', 'maxUpdatesPerPeriod'],
  },
  {
    name: 'auto-halt threshold above 1',
    text: withLine(19, '        autoHalt: { enabled: true, threshold: 1.5 }'),
    code: 'SIM_OUT_OF_RANGE',
    at: '19:47',
  },
  {
    name: "autoHalt.windowSeconds below the server's 60 s",
    text: withLine(19, '        autoHalt: { windowSeconds: 30s }'),
    code: 'SIM_OUT_OF_RANGE',
    at: '19:36',
  },
  {
    name: 'a duration that is not one',
    text: withLine(17, '        periodIntervalSeconds: an hour'),
    code: 'SIM_BAD_DURATION',
    at: '17:32',
  },
  { name: 'Go has no day unit', text: withLine(3, 'duration: 2d'), code: 'SIM_BAD_DURATION', at: '3:11' },
  { name: 'an ISO month', text: withLine(3, 'duration: P1M'), code: 'SIM_BAD_DURATION', at: '3:11' },
  {
    name: 'event at a negative time',
    text: withLine(31, '  - at: -1h'),
    code: 'SIM_NEGATIVE_TIME',
    at: '31:9',
    path: ['events', 0, 'at'],
  },
  { name: 'event after the end', text: withLine(31, '  - at: 49h'), code: 'SIM_AFTER_END', at: '31:9' },
  { name: 'event with no action', text: withLine(32, '    note: nothing'), code: 'SIM_UNKNOWN_KEY', at: '32:5' },
  {
    name: 'event with an empty action',
    text: withLine(32, '    promote:'),
    code: 'SIM_EVENT_ACTION',
    at: '31:5',
    path: ['events', 0],
  },
  {
    name: 'event with two actions',
    text: withLine(32, '    promote: { release: 3850.0.0, channel: stable }\n    halt: { group: prod }'),
    code: 'SIM_EVENT_ACTION',
    at: '31:5',
    path: ['events', 0],
  },
  {
    name: 'a release that does not exist (promote)',
    text: withLine(32, '    promote: { release: 3900.0.0, channel: stable }'),
    code: 'SIM_UNKNOWN_RELEASE',
    at: '32:25',
  },
  {
    name: 'a release that does not exist (fleet)',
    text: withLine(26, '    version: 3700.0.0'),
    code: 'SIM_UNKNOWN_RELEASE',
    at: '26:14',
  },
  {
    name: 'a channel that does not exist',
    text: withLine(14, '      channel: beta'),
    code: 'SIM_UNKNOWN_CHANNEL',
    at: '14:16',
  },
  {
    name: 'a group without a channel',
    text: withLine(14, '      policy: {}').replace(
      '      policy:\n        maxUpdatesPerPeriod',
      '      extra:\n        maxUpdatesPerPeriod',
    ),
    code: 'SIM_MISSING_KEY',
    at: '13:7',
    path: ['server', 'groups', 0],
  },
  { name: 'a group with an empty channel', text: withLine(14, '      channel:'), code: 'SIM_MISSING_KEY', at: '13:7' },
  {
    name: 'a fleet group that is not a server group',
    text: withLine(24, '  - group: web'),
    code: 'SIM_UNKNOWN_GROUP',
    at: '24:12',
  },
  {
    name: 'an expectation about an unknown group',
    text: withLine(36, '  haltedBy: { prod: none, web: manual }'),
    code: 'SIM_UNKNOWN_GROUP',
    at: '36:32',
  },
  {
    name: 'halted by a word that is not one',
    text: withLine(36, '  haltedBy: { prod: autohalt }'),
    code: 'SIM_BAD_VALUE',
    at: '36:21',
  },
  { name: 'unknown reboot strategy', text: withLine(28, '      strategy: etcd'), code: 'SIM_BAD_VALUE', at: '28:17' },
  {
    name: 'etcd-lock without a lock',
    text: BASE.replace('lock:\n  kind: etcd\n  max: 2\n', ''),
    code: 'SIM_LOCK_MISSING',
    at: '25:17',
  },
  {
    name: 'the fleetlock strategy with an etcd lock',
    text: withLine(28, '      strategy: fleetlock'),
    code: 'SIM_LOCK_MISSING',
    at: '28:17',
  },
  {
    name: 'a weekly window on a day that is not one',
    text: withLine(29, '      window: { start: "Xyz 02:00", length: 3h }'),
    code: 'SIM_BAD_WINDOW',
    at: '29:24',
  },
  {
    name: 'a flaky network on more machines than the group has',
    text: withLine(26, '    version: 3815.2.0\n    failures: { flakyNetwork: { machines: 12, dropRate: 0.1 } }'),
    code: 'SIM_TOO_MANY',
    at: '27:43',
  },
  {
    name: 'a drop rate above 1',
    text: withLine(26, '    version: 3815.2.0\n    failures: { flakyNetwork: { machines: 2, dropRate: 2 } }'),
    code: 'SIM_OUT_OF_RANGE',
    at: '27:56',
  },
  {
    name: 'a pin to a release that does not exist',
    text: withLine(32, '    pin: { group: prod, release: 3700.0.0 }'),
    code: 'SIM_UNKNOWN_RELEASE',
    at: '32:34',
  },
  {
    name: 'a staged percent above 100',
    text: withLine(18, '        staged: { percent: 120 }'),
    code: 'SIM_OUT_OF_RANGE',
    at: '18:28',
  },
  {
    name: 'a staged schedule that starts before the simulation',
    text: withLine(18, '        staged: { percent: 10, schedule: { startAt: -2h, durationSeconds: 24h } }'),
    code: 'SIM_NEGATIVE_TIME',
    at: '18:53',
  },
  { name: 'lock max 0', text: withLine(22, '  max: 0'), code: 'SIM_OUT_OF_RANGE', at: '22:8' },
  {
    name: 'a bad reboot window start',
    text: withLine(29, '      window: { start: "25:00", length: 3h }'),
    code: 'SIM_BAD_WINDOW',
    at: '29:24',
  },
  {
    name: 'a reboot window as long as its period',
    text: withLine(29, '      window: { start: "02:00", length: 24h }'),
    code: 'SIM_BAD_WINDOW',
    at: '29:41',
  },
  {
    name: 'an unknown time zone',
    text: withLine(18, '        timezone: Mars/Olympus'),
    code: 'SIM_BAD_TIMEZONE',
    at: '18:19',
  },
  { name: 'a release declared twice', text: withLine(6, '  - version: 3815.2.0'), code: 'SIM_DUPLICATE', at: '6:14' },
  {
    name: 'fails-on-share without failShare',
    text: withLine(7, '    outcome: fails-on-share'),
    code: 'SIM_MISSING_KEY',
    at: '6:5',
  },
  {
    name: 'failShare without fails-on-share',
    text: withLine(7, '    failShare: 0.5'),
    code: 'SIM_BAD_VALUE',
    at: '7:16',
  },
  {
    name: 'more machines never reboot than the group has',
    text: withLine(26, '    version: 3815.2.0\n    failures: { neverReboots: 11 }'),
    code: 'SIM_TOO_MANY',
    at: '27:31',
  },
  {
    name: 'a list where a mapping belongs',
    text: withLine(8, 'server: []').replace(/^ {2}channels:[\s\S]*?(?=lock:)/m, ''),
    code: 'SIM_TYPE_MISMATCH',
    at: '8:9',
  },
  {
    name: 'a start that is not a UTC instant',
    text: withLine(2, 'start: "2026-01-05 08:00"'),
    code: 'SIM_BAD_TIME',
    at: '2:8',
  },
  { name: 'a format version other than 1', text: withLine(1, 'scenario: 2'), code: 'SIM_OUT_OF_RANGE', at: '1:11' },
  { name: 'no format version', text: withLine(1, '# no version'), code: 'SIM_MISSING_KEY', at: '2:1' },
  { name: 'an empty file', text: '# nothing\n', code: 'SIM_EMPTY', at: '1:1' },
  { name: 'YAML that does not parse', text: withLine(3, 'duration: [48h'), code: 'SRC_YAML_UNTERMINATED', at: '3:11' },
  { name: 'a duplicate key', text: withLine(2, 'duration: 1h'), code: 'SRC_YAML_DUPLICATE_KEY', at: '3:1' },
];

for (const c of CASES) {
  test(`mistake: ${c.name} → ${c.code} at ${c.at}`, () => {
    const { plan, report } = checkScenario(c.text);
    assert.equal(plan, undefined, 'no plan');
    const errors = report.issues.filter((i) => i.severity === 'error');
    const found = errors.find((i) => i.code === c.code);
    assert.ok(
      found,
      `${c.code} among ${JSON.stringify(errors.map((i) => `${i.code}@${i.range?.start.line}:${i.range?.start.column} ${i.message}`))}`,
    );
    assert.equal(`${found.range?.start.line}:${found.range?.start.column}`, c.at, found.message);
    if (c.path) assert.deepEqual(found.path, c.path);
  });
}

test('events are ordered by time, ties in file order; Go and ISO times agree', () => {
  const text = BASE.replace(
    'events:\n  - at: 1h\n    promote: { release: 3850.0.0, channel: stable }\n',
    'events:\n  - at: PT2H\n    halt: { group: prod }\n  - at: 30m\n    promote: { release: 3850.0.0, channel: stable }\n  - at: 2h\n    resume: { group: prod }\n  - at: 0\n    pin: { group: prod, release: 3815.2.0 }\n',
  );
  const { plan, report } = checkScenario(text);
  assert.deepEqual(report.issues, []);
  assert.deepEqual(
    plan?.events.map((e) => [e.atMs, e.action.kind]),
    [
      [0, 'pin'],
      [1_800_000, 'promote'],
      [7_200_000, 'halt'],
      [7_200_000, 'resume'],
    ],
  );
});

test('every mistake is found in one pass of its kind: two unknown keys give two issues', () => {
  const { report } = checkScenario(withLine(2, 'nmae: base\nseeed: 3'));
  assert.deepEqual(
    report.issues.map((i) => [i.code, i.range?.start.line]),
    [
      ['SIM_UNKNOWN_KEY', 2],
      ['SIM_UNKNOWN_KEY', 3],
    ],
  );
  assert.match(report.issues[0]!.message, /did you mean "name"/);
});

test('the table covers every SIM_ code', () => {
  assert.deepEqual(
    [...new Set(CASES.map((c) => c.code).filter((c) => c.startsWith('SIM_')))].sort(),
    Object.keys(SIM_ISSUE_CODES).sort(),
  );
});
