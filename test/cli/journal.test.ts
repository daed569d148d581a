import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeEntries, entryOf } from '../../src/journal/index.js';
import { runHull } from '../helpers/hull.js';

// The real binary: hull journal owns -o (the global -o json stands before its
// name and only shapes errors), reads stdin for `--file -`, refuses what it
// cannot do with usage errors, never a stack trace.
const dir = mkdtempSync(join(tmpdir(), 'hull-journal-cli-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'x.export');
const stream = serializeEntries([
  entryOf([
    ['__REALTIME_TIMESTAMP', '1700000000000000'],
    ['__MONOTONIC_TIMESTAMP', '1'],
    ['_BOOT_ID', 'a'.repeat(32)],
    ['_HOSTNAME', 'n1'],
    ['SYSLOG_IDENTIFIER', 'app'],
    ['_PID', '7'],
    ['MESSAGE', 'hello'],
    ['PRIORITY', '3'],
  ]),
  entryOf([
    ['__REALTIME_TIMESTAMP', '1700000001000000'],
    ['__MONOTONIC_TIMESTAMP', '2'],
    ['_BOOT_ID', 'a'.repeat(32)],
    ['_HOSTNAME', 'n1'],
    ['SYSLOG_IDENTIFIER', 'app'],
    ['_PID', '7'],
    ['MESSAGE', 'world'],
    ['PRIORITY', '6'],
  ]),
]);
writeFileSync(file, stream);
const env = { TZ: 'UTC' };

test("hull journal: journalctl output; the global -o json before the name does not take journal's -o", () => {
  const r = runHull(['-o', 'json', 'journal', '--file', file, '-o', 'short', '-p', 'err'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'Nov 14 22:13:20 n1 app[7]: hello\n');
  const cat = runHull(['journal', '--file', '-', '-ocat', '-rn1'], {
    env,
    input: Buffer.from(stream).toString('latin1'),
  });
  assert.equal(cat.stdout, 'world\n');
  const none = runHull(['journal', '--file', file, '-g', 'nothing'], { env });
  assert.equal(none.status, 1);
  assert.equal(none.stdout, '-- No entries --\n');
});

test('hull journal: refusals are usage errors or the journal codes, in the -o json envelope when asked', () => {
  const cases: Array<[string[], number, string]> = [
    [['journal'], 2, 'USAGE'],
    [['journal', '--file', file, '-f'], 2, 'USAGE'],
    [['journal', '--file', file, '--list-boots'], 2, 'USAGE'],
    [['journal', '--file', file, '-o', 'yaml'], 2, 'USAGE'],
    [['journal', '--file', file, '-F', 'PRIORITY', 'A=1'], 2, 'USAGE'],
    [['journal', '--file', file, '-S', 'soon'], 2, 'JOURNAL_TIME_INVALID'],
    [['journal', '--file', file, '-g', 'a++'], 2, 'JOURNAL_PATTERN_UNSUPPORTED'],
    [['journal', '--file', file, '-u', 'x*'], 1, 'JOURNAL_NO_DATA'],
    [['journal', '--file', join(dir, 'missing')], 3, 'NOT_FOUND'],
  ];
  for (const [args, status, code] of cases) {
    const r = runHull(['-o', 'json', ...args], { env });
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.equal((JSON.parse(r.stderr) as { error: { code: string } }).error.code, code, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});
