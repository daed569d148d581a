import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const MISSING = join(dir, 'missing');
const DIR = join(dir, 'adir');
mkdirSync(DIR);
const TEXT = join(dir, 'notes.txt');
writeFileSync(TEXT, 'hello, this is not a disk\n');
const ZEROS = join(dir, 'zeros.img');
writeFileSync(ZEROS, '');
truncateSync(ZEROS, 1 << 20);
const ROOT = join(dir, 'root');
mkdirSync(ROOT);

/** Node's raw error texts and the bug banner: none may reach a user for a wrong path. */
const RAW =
  /ENOENT|EISDIR|ENOTDIR|EACCES|no such file or directory, |stat '|open '|illegal operation on a directory|this is a bug in Hull|\n\s+at /;

function fails(args: string[], code: string, sentence: RegExp, status: number): void {
  const r = runHull(args);
  const what = `hull ${args.join(' ')}`;
  assert.equal(r.status, status, `${what}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, RAW, what);
  assert.match(r.stderr, new RegExp(`^hull: error ${code}: `, 'm'), `${what}: ${r.stderr}`);
  assert.match(r.stderr, sentence, `${what}: ${r.stderr}`);
  const json = runHull(['-o', 'json', ...args]);
  const env = JSON.parse(json.stderr) as { error: { code: string; message: string } };
  assert.equal(env.error.code, code, `-o json ${what}`);
  assert.doesNotMatch(env.error.message, RAW, `-o json ${what}`);
}

describe('a wrong path gets a sentence and a code, never a raw Node error', () => {
  test('a missing file', () => {
    for (const args of [
      ['disk', 'show', MISSING],
      ['disk', 'verify', MISSING],
      ['cgpt', 'show', MISSING],
      ['ignition', 'validate', MISSING],
      ['ignition', 'translate', '--to', '3.4', MISSING],
      ['provision', '--root', ROOT, MISSING],
    ]) {
      fails(args, 'NOT_FOUND', new RegExp(`no such file: ${MISSING}$`, 'm'), 3);
    }
    fails(
      ['disk', 'create', '--size', '8GiB', join(MISSING, 'a.img')],
      'NOT_FOUND',
      new RegExp(`cannot create ${MISSING}/a.img: the directory ${MISSING} does not exist`),
      3,
    );
    fails(
      ['provision', '--image', join(MISSING, 'a.img'), '--size', '8GiB', TEXT],
      'NOT_FOUND',
      new RegExp(`cannot create ${MISSING}/a.img: the directory ${MISSING} does not exist`),
      3,
    );
  });

  test('a directory where a file belongs', () => {
    for (const args of [
      ['ignition', 'validate', DIR],
      ['ignition', 'translate', '--to', '3.4', DIR],
      ['provision', '--root', ROOT, DIR],
      ['ignition', 'translate', '--to', '3.4', '--fsmap', DIR, TEXT],
    ]) {
      fails(args, 'USAGE', new RegExp(`${DIR} is a directory, not a file`), 2);
    }
    for (const args of [
      ['disk', 'show', DIR],
      ['cgpt', 'show', DIR],
    ])
      fails(args, 'IMAGE_NOT_A_FILE', /is a directory, not a disk image/, 2);
  });

  test('/dev/null and a text file as a disk image', () => {
    fails(['disk', 'show', '/dev/null'], 'IMAGE_NOT_A_FILE', /\/dev\/null is a character device, not a disk image/, 2);
    fails(
      ['disk', 'show', TEXT],
      'INPUT_INVALID',
      new RegExp(`${TEXT} is not a GPT disk image \\(device of 26 bytes is too small`),
      1,
    );
    fails(
      ['disk', 'next', ZEROS],
      'INPUT_INVALID',
      new RegExp(`${ZEROS} is not a GPT disk image \\(neither the primary nor the backup GPT is valid\\)`),
      1,
    );
    const shown = runHull(['disk', 'show', TEXT]);
    assert.doesNotMatch(shown.stderr, /nothing was written/, 'show writes nothing anyway: no such remark');
    const json = JSON.parse(runHull(['-o', 'json', 'disk', 'show', TEXT]).stderr) as { issues: { code: string }[] };
    assert.deepEqual(
      json.issues.map((i) => i.code),
      ['DISK_TOO_SMALL'],
      'with -o json the GPT issues are in the envelope',
    );
  });

  test('/dev/null as a config: an input error, not a crash', () => {
    const r = runHull(['ignition', 'validate', '/dev/null']);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stderr + r.stdout, RAW);
  });
});

describe('cgpt subcommands Hull does its own way', () => {
  test('hull cgpt repair points at hull disk verify --repair', () => {
    const r = runHull(['cgpt', 'repair', TEXT]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^hull: error UNKNOWN_COMMAND: unknown command 'repair'$/m);
    assert.match(r.stderr, /^hull: hint: Hull does cgpt repair as: hull disk verify --repair IMAGE$/m);
    const json = JSON.parse(runHull(['-o', 'json', 'cgpt', 'repair', TEXT]).stderr) as { error: { hint: string } };
    assert.match(json.error.hint, /hull disk verify --repair/);
    assert.doesNotMatch(
      runHull(['cgpt', 'frobnicate']).stderr,
      /hint/,
      'no hint for a word Hull has no equivalent for',
    );
  });

  test('hull ct usage errors point at hull ct --help', () => {
    const r = runHull(['ct', '-ignition', '9.9']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^hull: run 'hull ct --help' for usage$/m);
  });
});
