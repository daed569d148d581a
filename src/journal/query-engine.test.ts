import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AppError } from '../core/app-error.js';
import {
  compileGrep,
  compileMatches,
  mangleUnitName,
  parseBootDescriptor,
  parseJournalArgs,
  parsePriorities,
  parseTimespan,
  parseTimestamp,
} from './index.js';

const RUNS = Number(process.env['HULL_FUZZ_RUNS'] ?? 2000);
const NOW = 1700000000123456n; // Tue 2023-11-14 22:13:20.123456 UTC
const S = 1_000_000n;
const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
};

test('time syntax: systemd 252 parse_timestamp rows (checked against journalctl 252)', () => {
  const rows: Array<[string, bigint | string, string?]> = [
    ['now', NOW],
    ['today', 1699920000n * S],
    ['yesterday', 1699833600n * S],
    ['tomorrow', 1700006400n * S],
    ['-1h', NOW - 3600n * S],
    ['+30min', NOW + 1800n * S],
    ['1h30min ago', NOW - 5400n * S],
    ['-1.5h', NOW - 5400n * S],
    ['5min left', NOW + 300n * S],
    ['1 ago', NOW - S],
    ['-5', NOW - 5n * S],
    ['1M ago', NOW - 2629800n * S],
    ['1m ago', NOW - 60n * S],
    ['@1700000040', 1700000040n * S],
    ['@1700000040.5', 1700000040500000n],
    ['2023-11-14 22:14:00', 1700000040n * S],
    ['2023-11-14 22:14', 1700000040n * S],
    ['23-11-14 22:14', 1700000040n * S],
    ['2023-11-14 22:14:00.1234567', 1700000040123456n],
    ['2023-11-14', 1699920000n * S],
    [' 2023-11-14', 1699920000n * S],
    ['2023-1-5', 1672876800n * S],
    ['2023-11-14 22:14:5', 1700000045n * S],
    ['2023-11-14  22:14', 1700000040n * S],
    ['Tue 2023-11-14', 1699920000n * S],
    ['Tuesday 2023-11-14', 1699920000n * S],
    ['TUE 2023-11-14', 1699920000n * S],
    ['2023-11-14 22:14:00 UTC', 1700000040n * S],
    ['2023-11-14 22:14:00 utc', 1700000040n * S],
    ['2023-11-14 23:14:00 Europe/Berlin', 1700000040n * S],
    ['2023-11-14 22:14:00 CET', 1700000040n * S - 3600n * S],
    ['2023-02-30', 1677715200n * S],
    ['22:14', 1700000040n * S],
    ['today UTC', 1699920000n * S],
    ['2023-11-14 22:13:20', 1699980200n * S, 'Asia/Kolkata'],
    ['2023-07-01 12:00', 1688227200n * S, 'America/New_York'],
    ['2023-12-01 12:00', 1701450000n * S, 'America/New_York'],
  ];
  for (const [text, want, zone] of rows) {
    if (typeof want === 'bigint') assert.equal(parseTimestamp(text, NOW, zone ?? 'UTC'), want, text);
  }
  for (const bad of [
    'Wed 2023-11-14',
    'epoch',
    '2023-11-14 22',
    '2023-11-14 24:00',
    '20231114',
    '-1h UTC',
    '@1700000040 UTC',
    '2023-11-14T22:14:00',
    '2023-11-14 22:14:00Z',
    '2023-11-14 23:14:00 +01:00',
    '',
    'soon',
  ]) {
    assert.equal(
      code(() => parseTimestamp(bad, NOW, 'UTC')),
      'JOURNAL_TIME_INVALID',
      bad,
    );
  }
  assert.equal(parseTimespan('1h 30min'), 5400n * S);
  assert.equal(parseTimespan('2 days'), 172800n * S);
  assert.equal(parseTimespan('500ms'), 500000n);
  assert.equal(parseTimespan('1x'), undefined);
});

test('time syntax fuzz: any text parses to a time or fails with JOURNAL_TIME_INVALID; printed @epoch and dates round-trip', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (s) => {
      const c = code(() => parseTimestamp(s, NOW, 'UTC'));
      assert.ok(c === undefined || c === 'JOURNAL_TIME_INVALID', `${JSON.stringify(s)}: ${c}`);
    }),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 4102444800n * S }), (us) => {
      const text = `@${us / S}.${String(us % S).padStart(6, '0')}`;
      assert.equal(parseTimestamp(text, NOW), us);
      const d = new Date(Number(us / 1000n));
      const iso = d.toISOString();
      const local = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
      assert.equal(parseTimestamp(local, NOW, 'UTC'), (us / S) * S);
    }),
    { numRuns: RUNS },
  );
});

test('priorities: names, numbers, ranges either way; the mask of every level adds no match', () => {
  assert.equal(parsePriorities('err'), 0b1111);
  assert.equal(parsePriorities('3'), 0b1111);
  assert.equal(parsePriorities('err..warning'), 0b11000);
  assert.equal(parsePriorities('6..4'), 0b1110000);
  assert.equal(parsePriorities('debug'), 0xff);
  for (const bad of ['loud', '8', 'ERR', '..err', 'err..', '-1'])
    assert.equal(
      code(() => parsePriorities(bad)),
      'JOURNAL_QUERY_INVALID',
      bad,
    );
});

test('matches: same field ORed, fields ANDed, + ORs groups; invalid names refused as sd_journal_add_match does', () => {
  const m = compileMatches(['A=1', 'A=2', 'B=3', '+', 'C=4']);
  const show = (e: unknown): unknown =>
    JSON.parse(JSON.stringify(e, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString() : v)));
  assert.deepEqual(show(m), {
    kind: 'or',
    of: [
      {
        kind: 'and',
        of: [
          {
            kind: 'or',
            of: [
              { kind: 'field', name: 'A', value: '1' },
              { kind: 'field', name: 'A', value: '2' },
            ],
          },
          { kind: 'field', name: 'B', value: '3' },
        ],
      },
      { kind: 'field', name: 'C', value: '4' },
    ],
  });
  assert.equal(compileMatches(['+', '+']), undefined);
  assert.deepEqual(show(compileMatches(['1A=b', 'X=a=b'])), {
    kind: 'and',
    of: [
      { kind: 'field', name: '1A', value: 'b' },
      { kind: 'field', name: 'X', value: 'a=b' },
    ],
  });
  for (const bad of ['__CURSOR=x', 'lower=x', 'NOEQUALS', '=x', '/usr/bin/foo'])
    assert.equal(
      code(() => compileMatches([bad])),
      'JOURNAL_QUERY_INVALID',
      bad,
    );
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constant('+'), fc.string({ maxLength: 12 })), { maxLength: 8 }), (words) => {
      const c = code(() => compileMatches(words));
      assert.ok(c === undefined || c === 'JOURNAL_QUERY_INVALID');
    }),
    { numRuns: RUNS },
  );
});

test("units: unit_name_mangle's rules", () => {
  const rows: Array<[string, string]> = [
    ['foo', 'foo.service'],
    ['foo.service', 'foo.service'],
    ['gamma.socket', 'gamma.socket'],
    ['foo.bar', 'foo.bar.service'],
    ['getty@tty1', 'getty@tty1.service'],
    ['ssh*', 'ssh*'],
    ['*.slice', '*.slice'],
    ['/home', 'home.mount'],
    ['/', '-.mount'],
    ['/dev/sda', 'dev-sda.device'],
    ['a b', 'a\\x20b.service'],
  ];
  for (const [given, want] of rows) assert.equal(mangleUnitName(given), want, given);
});

test('boot descriptors: offsets, ids, ID±N, all', () => {
  assert.deepEqual(parseBootDescriptor(''), { offset: 0 });
  assert.deepEqual(parseBootDescriptor('-1'), { offset: -1 });
  assert.deepEqual(parseBootDescriptor('+2'), { offset: 2 });
  assert.equal(parseBootDescriptor('all'), undefined);
  assert.deepEqual(parseBootDescriptor('FEDCBA9876543210fedcba9876543210-1'), {
    id: 'fedcba9876543210fedcba9876543210',
    offset: -1,
  });
  assert.deepEqual(parseBootDescriptor('fedcba98-7654-3210-fedc-ba9876543210'), {
    id: 'fedcba9876543210fedcba9876543210',
    offset: 0,
  });
  assert.equal(
    code(() => parseBootDescriptor('xyz')),
    'JOURNAL_QUERY_INVALID',
  );
});

test('flags: getopt_long as journalctl reads them', () => {
  const a = parseJournalArgs([
    '-rn5',
    '-u',
    'foo',
    '--unit=bar',
    '-ocat',
    '--sin',
    '-1h',
    '-b',
    '-1',
    'A=1',
    '+',
    'B=2',
    '--no-pager',
  ]);
  assert.equal(a.reverse, true);
  assert.equal(a.lines, 5);
  assert.deepEqual(a.filters.units, ['foo', 'bar']);
  assert.equal(a.output, 'cat');
  assert.equal(a.filters.since, '-1h');
  assert.equal(a.filters.boot, '-1');
  assert.deepEqual(a.filters.matches, ['A=1', '+', 'B=2']);
  assert.equal(parseJournalArgs(['-n']).lines, 10);
  assert.equal(parseJournalArgs(['-n', 'A=1']).lines, 10);
  assert.deepEqual(parseJournalArgs(['-n', 'A=1']).filters.matches, ['A=1']);
  assert.equal(parseJournalArgs(['-n', 'all']).lines, undefined);
  assert.equal(parseJournalArgs(['-f']).lines, 10);
  assert.equal(parseJournalArgs(['-b', 'A=1']).filters.boot, '');
  assert.equal(parseJournalArgs(['--case-sensitive']).filters.caseSensitive, true);
  assert.equal(parseJournalArgs(['--case-sensitive=no']).filters.caseSensitive, false);
  assert.deepEqual(parseJournalArgs(['-M', 'a', '--host', 'b']).filters.hosts, ['a', 'b']);
  assert.deepEqual(parseJournalArgs(['--', '-n']).filters.matches, ['-n']);
  for (const bad of [
    ['-Z'],
    ['--bogus'],
    ['-o', 'yaml'],
    ['-u'],
    ['--no-pager=1'],
    ['--case-sensitive=maybe'],
    ['-nfoo'],
  ]) {
    assert.equal(
      code(() => parseJournalArgs(bad)),
      'USAGE',
      bad.join(' '),
    );
  }
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.constantFrom('-n', '-b', '-r', '-u', '-o', '--since', '-rn', '+', '--', 'short', '3', '-1'),
          fc.string({ maxLength: 8 }),
        ),
        { maxLength: 8 },
      ),
      (argv) => {
        const c = code(() => parseJournalArgs(argv));
        assert.ok(c === undefined || c === 'USAGE');
      },
    ),
    { numRuns: RUNS },
  );
});

/** The message as latin1 text, as matchesQuery hands it to the RegExp. */
const subject = (s: string | number[]): string =>
  String.fromCharCode(...(typeof s === 'string' ? new TextEncoder().encode(s) : s));
const greps = (pattern: string, message: string | number[], cs?: boolean): boolean => {
  const g = compileGrep(pattern, cs);
  return new RegExp(g.source, g.flags).test(subject(message));
};

test('-g: PCRE2 in byte mode as journalctl 252 matches (rows observed with journalctl)', () => {
  assert.equal(greps('unicode . ü', 'unicode é ü'), false); // . is one byte
  assert.equal(greps('unicode .. ü', 'unicode é ü'), true);
  assert.equal(greps('unicode É', 'unicode é ü'), false); // only ASCII folds
  assert.equal(greps('UNICODE', 'unicode é'), false); // an uppercase letter: case-sensitive
  assert.equal(greps('UNICODE', 'unicode é', false), true);
  assert.equal(greps('unicode', 'UNICODE'), true);
  assert.equal(greps('line$', 'trailing newline\n'), true); // $ before a final newline
  assert.equal(greps('line\\z', 'trailing newline\n'), false);
  assert.equal(greps('a.b', 'a\rb'), true); // . is anything but \n
  assert.equal(greps('a.b', 'a\nb'), false);
  assert.equal(greps('\\s', '\u00a0'), false); // \s is ASCII
  assert.equal(greps('\\Qa.b\\E', 'axb'), false);
  assert.equal(greps('\\Qa.b\\E', 'a.b'), true);
  assert.equal(greps('[[:digit:]]+x', 'a12x'), true);
  assert.equal(greps('[]a]', ']'), true);
  assert.equal(greps('[^a-c]', 'B'), false); // caseless: B is b, excluded too (journalctl 252: no match)
  assert.equal(greps('[^a-c]', 'b'), false);
  assert.equal(greps('(?P<x>ab)\\d', 'ab1', true), true);
  assert.equal(greps('inside', [0x6e, 0x75, 0x6c, 0, 0x69, 0x6e, 0x73, 0x69, 0x64, 0x65]), true);
  assert.equal(greps('\\x{41}', 'A', true), true);
  for (const p of ['a++', '(?>a)', '(?i)a', '\\K', 'a(?R)', '(*UTF)a', '\\p{L}', '(a)\\1'])
    assert.equal(
      code(() => compileGrep(p)),
      'JOURNAL_PATTERN_UNSUPPORTED',
      p,
    );
  for (const p of ['(', '[a', '*a', 'a{3,2}', '\\i', '\\x{100}'])
    assert.equal(
      code(() => compileGrep(p)),
      'JOURNAL_PATTERN_INVALID',
      p,
    );
});

test('-g fuzz: any pattern compiles, or fails with a JOURNAL_PATTERN_ code; the translation never throws otherwise', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 24, unit: fc.constantFrom(...'ab.*+?()[]{}|^$\\-:dswQEAzZx0123 é'.split('')) }),
      (p) => {
        const c = code(() => compileGrep(p));
        assert.ok(
          c === undefined || c === 'JOURNAL_PATTERN_INVALID' || c === 'JOURNAL_PATTERN_UNSUPPORTED',
          `${JSON.stringify(p)}: ${c}`,
        );
      },
    ),
    { numRuns: RUNS },
  );
});
