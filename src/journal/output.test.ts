import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryOf, type JournalEntry } from './entry.js';
import { formatBytes } from './bytes.js';
import { isPrintableUtf8 } from './printable.js';
import { isValidFieldName } from './field-name.js';
import { entryToJson, JSON_THRESHOLD, jsonToEntry, parseJsonEntries, prettyJson } from './json.js';
import { formatEntries, stripTabAnsi, type OutputOptions } from './output.js';

const text = (entries: JournalEntry[], o: OutputOptions): string =>
  Buffer.from(formatEntries(entries, o)).toString('latin1');
const BOOT1 = '11111111111111111111111111111111';
const BOOT2 = '22222222222222222222222222222222';
const e = (msg: string | Uint8Array, extra: Array<[string, string | Uint8Array]> = [], boot = BOOT1): JournalEntry =>
  entryOf([
    ['__REALTIME_TIMESTAMP', '1700000000123456'],
    ['__MONOTONIC_TIMESTAMP', '5000001'],
    ['_BOOT_ID', boot],
    ['MESSAGE', msg],
    ...extra,
  ]);

test("journald's field names: A-Z, 0-9, _; not a leading digit; at most 64", () => {
  for (const ok of ['A', '_PID', '__CURSOR', 'A1_', 'X'.repeat(64)]) assert.ok(isValidFieldName(ok), ok);
  for (const bad of ['', 'a', '1A', 'A-B', 'É', 'X'.repeat(65), 'A B']) assert.ok(!isValidFieldName(bad), bad);
  assert.ok(!isValidFieldName('_PID', false));
});

test("systemd's printable UTF-8: tab (and newline when allowed) but no C0, DEL, C1, overlongs, surrogates, noncharacters", () => {
  const b = (...x: number[]): Uint8Array => Uint8Array.from(x);
  assert.ok(isPrintableUtf8(new TextEncoder().encode('é 日本 🎉 \t\n')));
  assert.ok(!isPrintableUtf8(new TextEncoder().encode('a\nb'), false));
  for (const bad of [
    b(0),
    b(1),
    b(0x1b),
    b(0x7f),
    b(0xc2, 0x85),
    b(0xc0, 0x80),
    b(0xed, 0xa0, 0x80),
    b(0xef, 0xbf, 0xbe),
    b(0xef, 0xb7, 0x90),
    b(0xf4, 0x90, 0x80, 0x80),
    b(0xc3),
    b(0xff),
  ]) {
    assert.ok(!isPrintableUtf8(bad), String(Array.from(bad)));
  }
});

test('sizes as systemd prints them in [N blob data]', () => {
  assert.deepEqual([0, 6, 1023, 1024, 5000, 1048576, 1572864, 5 * 2 ** 30].map(formatBytes), [
    '0B',
    '6B',
    '1023B',
    '1.0K',
    '4.8K',
    '1.0M',
    '1.5M',
    '5.0G',
  ]);
});

test('strip_tab_ansi: tabs to 8 spaces, SGR and BEL-ended OSC removed, other escapes kept', () => {
  const s = (x: string): string => Buffer.from(stripTabAnsi(Buffer.from(x, 'latin1'))).toString('latin1');
  assert.equal(s('a\tb'), 'a        b');
  assert.equal(s('\x1b[1;31mred\x1b[0m \x1b[m'), 'red ');
  assert.equal(s('x\x1b]8;;u\x07y'), 'xy');
  assert.equal(s('x\x1b[1xy'), 'x\x1b[1xy');
  assert.equal(s('x\x1b]8;;u\x1b\\y'), 'x\x1b]8;;u\x1b\\y');
});

test('short: hostname, identifier (else _COMM, else "unknown"), pid (else SYSLOG_PID), continuation lines indented', () => {
  const o: OutputOptions = { mode: 'short', timeZone: 'UTC' };
  assert.equal(
    text(
      [
        e('one\ntwo', [
          ['_HOSTNAME', 'h'],
          ['SYSLOG_IDENTIFIER', 'id'],
          ['_PID', '7'],
        ]),
      ],
      o,
    ),
    'Nov 14 22:13:20 h id[7]: one\n                         two\n',
  );
  assert.equal(
    text(
      [
        e('m', [
          ['_COMM', 'c'],
          ['SYSLOG_PID', '9'],
        ]),
      ],
      o,
    ),
    'Nov 14 22:13:20 c[9]: m\n',
  );
  // "unknown" does not count in the indentation (journalctl's quirk).
  assert.equal(text([e('a\nb')], o), 'Nov 14 22:13:20 unknown: a\n                 b\n');
  assert.equal(text([e(Uint8Array.of(1, 2, 3))], o), 'Nov 14 22:13:20 unknown: [3B blob data]\n');
  assert.equal(text([e('')], o), 'Nov 14 22:13:20 unknown: \n');
  // No MESSAGE: nothing printed.
  assert.equal(
    text(
      [
        entryOf([
          ['__REALTIME_TIMESTAMP', '1700000000123456'],
          ['A', 'b'],
        ]),
      ],
      o,
    ),
    '',
  );
});

test('boot separators between boots in the text formats, -- No entries -- when nothing, neither with quiet', () => {
  const es = [e('a'), e('b', [], BOOT2), e('c', [], BOOT2)];
  assert.equal(
    text(es, { mode: 'short-monotonic' }),
    `[    5.000001] unknown: a\n-- Boot ${BOOT2} --\n[    5.000001] unknown: b\n[    5.000001] unknown: c\n`,
  );
  assert.ok(!text(es, { mode: 'short', quiet: true, timeZone: 'UTC' }).includes('-- Boot'));
  assert.ok(!text(es, { mode: 'cat' }).includes('-- Boot'));
  assert.equal(text([], { mode: 'short' }), '-- No entries --\n');
  assert.equal(text([], { mode: 'json' }), '');
  assert.equal(text([], { mode: 'short', quiet: true }), '');
});

test('short-iso and short-full in a zone with a half-hour offset; --utc', () => {
  assert.equal(
    text([e('m')], { mode: 'short-iso', timeZone: 'Asia/Kolkata' }),
    '2023-11-15T03:43:20+0530 unknown: m\n',
  );
  assert.equal(
    text([e('m')], { mode: 'short-full', timeZone: 'Asia/Kolkata' }),
    'Wed 2023-11-15 03:43:20 IST unknown: m\n',
  );
  assert.equal(
    text([e('m')], { mode: 'short-iso', utc: true, timeZone: 'Asia/Kolkata' }),
    '2023-11-14T22:13:20+0000 unknown: m\n',
  );
});

test('JSON: strings, byte arrays, arrays for repeated fields, null from 4096 bytes of NAME=value without --all', () => {
  const at = (n: number): string => 'v'.repeat(n);
  const j = entryToJson(
    e('m', [
      ['REP', 'a'],
      ['REP', Uint8Array.of(0, 1)],
      ['BIN', Uint8Array.of(0xff)],
      ['EDGE', at(JSON_THRESHOLD - 6)],
      ['OVER', at(JSON_THRESHOLD - 5)],
    ]),
  );
  assert.deepEqual(j.REP, ['a', [0, 1]]);
  assert.deepEqual(j.BIN, [255]);
  assert.equal(j.EDGE, at(JSON_THRESHOLD - 6));
  assert.equal(j.OVER, null);
  assert.deepEqual(Object.keys(j).slice(0, 3), ['__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP', '_BOOT_ID']);
  assert.equal(entryToJson(e('m', [['OVER', at(5000)]]), { all: true }).OVER, at(5000));
  const back = jsonToEntry({ A: 'x', B: [1, 2], C: ['y', [3]], D: null });
  assert.deepEqual(back.nulls, ['D']);
  assert.deepEqual(
    back.entry.fields.map((f) => [f.name, Array.from(f.value)]),
    [
      ['A', [120]],
      ['B', [1, 2]],
      ['C', [121]],
      ['C', [3]],
    ],
  );
});

test('json-pretty layout and reading json, json-pretty and json-seq back', () => {
  assert.equal(
    prettyJson({ A: 'x', B: ['y', [1]] }),
    '{\n\t"A" : "x",\n\t"B" : [\n\t\t"y",\n\t\t[\n\t\t\t1\n\t\t]\n\t]\n}',
  );
  const es = [e('a'), e(Uint8Array.of(0, 1))];
  for (const mode of ['json', 'json-pretty', 'json-seq'] as const) {
    const back = parseJsonEntries(formatEntries(es, { mode }));
    assert.deepEqual(
      back.map((r) => entryToJson(r.entry)),
      es.map((x) => entryToJson(x)),
      mode,
    );
  }
  assert.throws(() => parseJsonEntries(new TextEncoder().encode('{"A":')), /ends inside/);
  assert.throws(() => parseJsonEntries(new TextEncoder().encode('{"a-b":"x"}')), /Invalid field name/);
});

test('the JSON reader gives the same entries for any chunking (json-pretty cut at every byte)', async () => {
  const { JsonEntryParser } = await import('./json.js');
  const es = [
    e('a "quoted" {brace} [x]'),
    e(Uint8Array.of(0, 1)),
    e('é', [
      ['REP', 'x'],
      ['REP', '}'],
    ]),
  ];
  const bytes = formatEntries(es, { mode: 'json-pretty' });
  const whole = parseJsonEntries(bytes);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const got: unknown[] = [];
    const p = new JsonEntryParser((r) => got.push(r));
    p.push(bytes.subarray(0, cut));
    p.push(bytes.subarray(cut));
    p.end();
    assert.deepEqual(got, whole, `cut at ${cut}`);
  }
});
