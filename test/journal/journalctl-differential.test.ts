/**
 * Differential tests of src/journal against the real systemd tools: a
 * generated export stream goes through the real systemd-journal-remote into a
 * journal file, then every output format of `journalctl --file` is compared
 * with Hull's formatter over Hull's parse of the same entries.
 *
 * Two inputs are compared: journalctl's own `-o export` of the file (same
 * cursors and field order as the file: byte for byte for every format) and
 * the generated stream itself (no cursor, and the file may reorder fields:
 * JSON compared as parsed without __CURSOR, and the formats that do not
 * depend on field order byte for byte).
 * Needs Debian's systemd-journal-remote (scripts/setup-system).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExportParser,
  formatEntries,
  parseExport,
  parseJsonEntries,
  serializeEntries,
  entryToJson,
  type JournalEntry,
  type OutputMode,
} from '../../src/journal/index.js';
import { generateExport } from './generate.js';

const REMOTE = '/lib/systemd/systemd-journal-remote';
const HINT =
  'install systemd-journal-remote with `scripts/setup-system` (or: apt-get install -y systemd-journal-remote)';

function requireTools(): void {
  assert.ok(existsSync(REMOTE), `${REMOTE} is missing: ${HINT}`);
  const j = spawnSync('journalctl', ['--version']);
  assert.equal(j.status, 0, `journalctl is missing: ${HINT}`);
}

interface Fixture {
  dir: string;
  file: string;
  stream: Uint8Array;
  exported: Buffer;
}

let fixture: Fixture | undefined;

function setup(): Fixture {
  if (fixture) return fixture;
  requireTools();
  const dir = mkdtempSync(join(tmpdir(), 'hull-journal-'));
  const file = join(dir, 'x.journal');
  const stream = generateExport();
  writeFileSync(join(dir, 'in.export'), stream);
  // Read from stdin ('-'), as journal-remote does for an active source.
  const r = spawnSync(REMOTE, [`--output=${file}`, '-'], { input: stream });
  assert.equal(r.status, 0, `journal-remote failed: ${r.stderr}`);
  const exported = journalctl(file, ['-o', 'export']);
  fixture = { dir, file, stream, exported };
  return fixture;
}

process.on('exit', () => {
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

function journalctl(file: string, args: string[], tz = 'UTC'): Buffer {
  return execFileSync('journalctl', ['--file', file, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: tz, SYSTEMD_COLORS: '0', LANG: 'C.UTF-8' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

const TEXT_MODES: OutputMode[] = [
  'short',
  'short-full',
  'short-iso',
  'short-iso-precise',
  'short-precise',
  'short-monotonic',
  'short-unix',
  'cat',
];
const JSON_MODES: OutputMode[] = ['json', 'json-pretty', 'json-seq'];

/** Drops verbose's `_BOOT_ID=` lines: its place among the fields is the file's, which the export format does not carry. */
const withoutBootLines = (b: Uint8Array): string =>
  Buffer.from(b)
    .toString('latin1')
    .split('\n')
    .filter((l) => !l.startsWith('    _BOOT_ID='))
    .join('\n');

function assertSameBytes(got: Uint8Array, want: Buffer, what: string): void {
  if (Buffer.from(got).equals(want)) return;
  const g = Buffer.from(got).toString('latin1').split('\n');
  const w = want.toString('latin1').split('\n');
  const i = g.findIndex((l, k) => l !== w[k]);
  assert.fail(
    `${what}: first different line ${i + 1}:\n hull: ${JSON.stringify(g[i])}\n real: ${JSON.stringify(w[i])}`,
  );
}

const jsonOf = (b: Uint8Array): unknown[] =>
  Buffer.from(b)
    .toString('utf8')
    .split(/[\n\x1e]+(?=\{)|\n(?=\{)/)
    .filter((s) => s.trim() !== '')
    .map((s) => JSON.parse(s.replace(/^\x1e/, '')));

function jsonObjects(b: Uint8Array, mode: OutputMode): unknown[] {
  if (mode !== 'json-pretty') return jsonOf(b);
  // json-pretty: objects separated by "}\n{".
  return Buffer.from(b)
    .toString('utf8')
    .split(/\n(?=\{)/)
    .filter((s) => s.trim() !== '')
    .map((s) => JSON.parse(s));
}

test('journal-remote stored every generated entry and journalctl -o export round-trips through Hull byte for byte', () => {
  const f = setup();
  const entries = parseExport(f.exported);
  const generated = parseExport(f.stream);
  assert.equal(entries.length, generated.length);
  assert.equal(entries.length, 48);
  assertSameBytes(serializeEntries(entries), f.exported, 'serializeEntries');
  assertSameBytes(formatEntries(entries, { mode: 'export' }), f.exported, '-o export');
  assertSameBytes(
    formatEntries(entries, { mode: 'export', all: true }),
    journalctl(f.file, ['-o', 'export', '--all']),
    '-o export --all',
  );
});

for (const all of [false, true]) {
  test(`every text format${all ? ' with --all' : ''} is byte-identical to journalctl's (TZ=UTC)`, () => {
    const f = setup();
    const entries = parseExport(f.exported);
    for (const mode of TEXT_MODES) {
      const want = journalctl(f.file, ['-o', mode, ...(all ? ['--all'] : [])]);
      assertSameBytes(formatEntries(entries, { mode, all }), want, `-o ${mode}${all ? ' --all' : ''}`);
    }
    const want = journalctl(f.file, ['-o', 'verbose', ...(all ? ['--all'] : [])]);
    assert.equal(
      withoutBootLines(formatEntries(entries, { mode: 'verbose', all })),
      withoutBootLines(want),
      `-o verbose${all ? ' --all' : ''}`,
    );
  });

  test(`json, json-pretty, json-seq and json-sse${all ? ' with --all' : ''} equal journalctl's as parsed JSON`, () => {
    const f = setup();
    const entries = parseExport(f.exported);
    for (const mode of JSON_MODES) {
      const want = journalctl(f.file, ['-o', mode, ...(all ? ['--all'] : [])]);
      const got = formatEntries(entries, { mode, all });
      assert.deepEqual(jsonObjects(got, mode), jsonObjects(want, mode), `-o ${mode}`);
      if (mode === 'json-seq') assert.equal(Buffer.from(got).toString('latin1').split('\x1e').length, 49);
    }
    // json-sse: "data: {...}\n\n" per entry.
    const sse = (b: Uint8Array): unknown[] =>
      Buffer.from(b)
        .toString('utf8')
        .split('\n\n')
        .filter((x) => x !== '')
        .map((x) => JSON.parse(x.replace(/^data: /, '')));
    const want = journalctl(f.file, ['-o', 'json-sse', ...(all ? ['--all'] : [])]);
    assert.deepEqual(sse(formatEntries(entries, { mode: 'json-sse', all })), sse(want), '-o json-sse');
  });
}

test("the generated stream, parsed by Hull, gives journalctl's JSON (but the cursor) and its short and cat bytes", () => {
  const f = setup();
  const generated = parseExport(f.stream);
  assert.ok(generated.every((e) => e.fields.every((x) => x.name !== 'lower')));
  const noCursor = (o: Record<string, unknown>): Record<string, unknown> => {
    const { __CURSOR: _c, ...rest } = o;
    return rest;
  };
  for (const all of [false, true]) {
    const want = jsonOf(journalctl(f.file, ['-o', 'json', ...(all ? ['--all'] : [])])).map((o) =>
      noCursor(o as Record<string, unknown>),
    );
    // The stream's lowercase field is dropped by Hull's parser as by journal-remote.
    const got = generated.map((e) => noCursor(entryToJson(e, { all })));
    assert.deepEqual(got, want, `json${all ? ' --all' : ''}`);
  }
  for (const mode of ['short', 'short-precise', 'short-iso', 'short-monotonic', 'cat'] as OutputMode[]) {
    assertSameBytes(formatEntries(generated, { mode }), journalctl(f.file, ['-o', mode]), `generated -o ${mode}`);
  }
});

test('local time zones: short, short-iso, short-full and verbose as journalctl prints them in TZ', () => {
  const f = setup();
  const entries = parseExport(f.exported);
  for (const tz of ['Asia/Kolkata', 'America/New_York']) {
    for (const mode of ['short', 'short-iso', 'short-precise', 'short-full'] as OutputMode[]) {
      assertSameBytes(
        formatEntries(entries, { mode, timeZone: tz }),
        journalctl(f.file, ['-o', mode], tz),
        `TZ=${tz} -o ${mode}`,
      );
    }
    assert.equal(
      withoutBootLines(formatEntries(entries, { mode: 'verbose', timeZone: tz })),
      withoutBootLines(journalctl(f.file, ['-o', 'verbose'], tz)),
      `TZ=${tz} -o verbose`,
    );
    // --utc ignores TZ.
    assertSameBytes(
      formatEntries(entries, { mode: 'short-iso', utc: true, timeZone: tz }),
      journalctl(f.file, ['-o', 'short-iso', '--utc'], tz),
      '--utc',
    );
  }
});

test('--output-fields for json, verbose, export and cat', () => {
  const f = setup();
  const entries = parseExport(f.exported);
  const fields = ['MESSAGE', 'REP', 'RAW'];
  const arg = `--output-fields=${fields.join(',')}`;
  assert.deepEqual(
    jsonOf(formatEntries(entries, { mode: 'json', outputFields: fields })),
    jsonOf(journalctl(f.file, ['-o', 'json', arg])),
  );
  assertSameBytes(
    formatEntries(entries, { mode: 'export', outputFields: fields }),
    journalctl(f.file, ['-o', 'export', arg]),
    'export',
  );
  assert.equal(
    withoutBootLines(formatEntries(entries, { mode: 'verbose', outputFields: fields })),
    withoutBootLines(journalctl(f.file, ['-o', 'verbose', arg])),
  );
  // cat prints the fields in the order of journalctl's hash set: one field keeps it comparable.
  assertSameBytes(
    formatEntries(entries, { mode: 'cat', outputFields: ['REP'] }),
    journalctl(f.file, ['-o', 'cat', '--output-fields=REP']),
    'cat',
  );
});

test('-- No entries -- where journalctl prints it, nothing elsewhere', () => {
  const f = setup();
  for (const mode of ['short', 'verbose', 'cat', 'json', 'export', 'short-monotonic'] as OutputMode[]) {
    assertSameBytes(
      formatEntries([] as JournalEntry[], { mode }),
      journalctl(f.file, ['-o', mode, 'NOSUCHFIELD=x']),
      `empty -o ${mode}`,
    );
  }
});

test("Hull reads journalctl's JSON back to the same entries (values as bytes, nulls named)", () => {
  const f = setup();
  const entries = parseExport(f.exported);
  const all = parseJsonEntries(journalctl(f.file, ['-o', 'json', '--all']));
  assert.equal(all.length, entries.length);
  all.forEach((r, i) => {
    assert.deepEqual(r.nulls, []);
    assert.deepEqual(entryToJson(r.entry, { all: true }), entryToJson(entries[i]!, { all: true }));
  });
  const pretty = parseJsonEntries(journalctl(f.file, ['-o', 'json-pretty']));
  assert.ok(pretty.some((r) => r.nulls.includes('BIG')));
  const seq = parseJsonEntries(journalctl(f.file, ['-o', 'json-seq', '--all']));
  assert.equal(seq.length, entries.length);
});

test('journal-remote reads the same stream from a file argument too', () => {
  const f = setup();
  const out = join(f.dir, 'from-file.journal');
  const r = spawnSync(REMOTE, [`--output=${out}`, join(f.dir, 'in.export')]);
  assert.equal(r.status, 0, String(r.stderr));
  const strip = (b: Buffer): unknown[] => jsonOf(b).map((o) => ({ ...(o as object), __CURSOR: undefined }));
  assert.deepEqual(strip(journalctl(out, ['-o', 'json', '--all'])), strip(journalctl(f.file, ['-o', 'json', '--all'])));
});

test('bad streams: Hull delivers the same complete entries journal-remote stores before the fault, then its code', () => {
  const f = setup();
  const enc = new TextEncoder();
  const ok = (i: number): string => `__REALTIME_TIMESTAMP=${1700000000000000 + i}\nMESSAGE=entry ${i}\n\n`;
  const cases: Array<[string, Uint8Array, string]> = [
    [
      'truncated text',
      enc.encode(ok(1) + ok(2) + '__REALTIME_TIMESTAMP=1700000000000003\nMESSAGE=thr'),
      'JOURNAL_EXPORT_TRUNCATED',
    ],
    [
      'truncated binary length',
      enc.encode(ok(1) + '__REALTIME_TIMESTAMP=1700000000000003\nBIN\n\x05\x00\x00'),
      'JOURNAL_EXPORT_TRUNCATED',
    ],
    [
      'binary value without its newline',
      enc.encode(
        ok(1) + ok(2) + '__REALTIME_TIMESTAMP=1700000000000003\nBIN\n\x02\x00\x00\x00\x00\x00\x00\x00abX\n\n' + ok(4),
      ),
      'JOURNAL_EXPORT_INVALID',
    ],
  ];
  for (const [what, bytes, code] of cases) {
    const input = join(f.dir, 'bad.export');
    const out = join(f.dir, `bad-${code}-${what.length}.journal`);
    writeFileSync(input, bytes);
    spawnSync(REMOTE, [`--output=${out}`, input]);
    const stored = existsSync(out)
      ? parseJsonEntries(journalctl(out, ['-o', 'json', '--all'])).map((r) => r.entry)
      : [];
    const got: JournalEntry[] = [];
    let error = 'none';
    const p = new ExportParser((e) => got.push(e));
    try {
      p.push(bytes);
      p.end();
    } catch (e) {
      error = (e as { code?: string }).code ?? String(e);
    }
    assert.equal(error, code, what);
    assert.ok(stored.length > 0, `${what}: journal-remote stored the entries before the fault`);
    const messages = (es: JournalEntry[]): string[] =>
      es.map((e) => Buffer.from(e.fields.find((x) => x.name === 'MESSAGE')!.value).toString());
    assert.deepEqual(messages(got), messages(stored), what);
  }
});
