/**
 * `hull butane` beyond the golden corpus: its own flags (-V, -o FILE,
 * --color), Hull's additions (several files, --ignition-version, JSON
 * report by `hull -o json butane` or `--report json`), the symlink escape
 * refusal, and that the global -o still works for other commands.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-butane-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const GOOD =
  'variant: flatcar\nversion: 1.1.0\nstorage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: node1\n';
const GOOD_OUT =
  '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/hostname","contents":{"compression":"","source":"data:,node1"}}]}}\n';
const WARN = 'variant: flatcar\nversion: 1.1.0\nbogus: 1\n';
const BAD = 'variant: flatcar\nversion: 1.1.0\nstorage:\n  files:\n    - path: relative\n';

describe('hull butane', () => {
  test('-V prints the butane version line it is compatible with', () => {
    const r = runHull(['butane', '-V']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'Butane v0.29.0\n');
  });

  test('-o FILE writes the config there (butane meaning), nothing on stdout', () => {
    const out = join(dir, 'out.ign');
    const r = runHull(['butane', '-o', out, file('good.bu', GOOD)]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(readFileSync(out, 'utf8'), GOOD_OUT);
  });

  test('several input files: one config per line, in order; a failing one sets exit 1 but the others still print', () => {
    const r = runHull(['butane', file('a.bu', GOOD), file('b.bu', BAD), file('c.bu', GOOD)]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, GOOD_OUT + GOOD_OUT);
    assert.match(r.stderr, /error\[\$\.storage\.files\.0\.path\]:\n {2}--> .*b\.bu:5:13\n/);
    assert.match(r.stderr, /Error translating config: config generated was invalid\n/);
  });

  test('--ignition-version writes an older spec, and refuses what it lacks at the YAML line', () => {
    const ok = runHull(['butane', '--ignition-version', '3.2', file('v.bu', GOOD)]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^\{"ignition":\{"version":"3\.2\.0"\}/);
    const luks =
      'variant: flatcar\nversion: 1.1.0\nstorage:\n  luks:\n    - name: d\n      device: /dev/vdb\n      discard: true\n';
    const refused = runHull(['butane', '--raw-errors', '--ignition-version', '3.3.0', file('l.bu', luks)]);
    assert.equal(refused.status, 1);
    assert.equal(refused.stdout, '');
    assert.match(
      refused.stderr,
      /^error at \$\.storage\.luks\.0\.discard, line 7 col 16: luks discard needs spec 3\.4\.0 or newer; cannot translate to 3\.3\.0\n/,
    );
    const usage = runHull(['butane', '--ignition-version', '2.3', file('u.bu', GOOD)]);
    assert.equal(usage.status, 2);
  });

  test('--report json prints one JSON report per input on stderr', () => {
    for (const args of [['butane', '--report', 'json']]) {
      const r = runHull([...args, file('w.bu', WARN), file('x.bu', BAD)]);
      assert.equal(r.status, 1);
      const lines = r.stderr
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(lines.length, 2);
      assert.deepEqual(lines[0]!.error, null);
      assert.deepEqual(
        (lines[0]!.issues as { code: string; path: string; line: number }[]).map((i) => [i.code, i.path, i.line]),
        [['BUTANE_UNUSED_KEY', '$.bogus', 3]],
      );
      assert.deepEqual(lines[1]!.error, {
        code: 'BUTANE_GENERATED_INVALID',
        message: 'config generated was invalid',
        line: null,
        column: null,
      });
      assert.deepEqual(
        (lines[1]!.issues as { code: string; path: string }[]).map((i) => [i.code, i.path]),
        [['IGN_PATH_NOT_ABSOLUTE', '$.storage.files.0.path']],
      );
    }
  });

  test('hull -o json butane prints one envelope on stdout: the same reports, issues tagged with their file', () => {
    const w = file('w.bu', WARN);
    const x = file('x.bu', BAD);
    const r = runHull(['-o', 'json', 'butane', w, x]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    const env = JSON.parse(r.stdout) as {
      ok: boolean;
      result: { outputs: { input: string; config: unknown }[] };
      issues: { file: string; code: string; path: string; line: number }[];
      error: unknown;
    };
    assert.equal(env.ok, false);
    assert.deepEqual(
      env.result.outputs.map((o) => [o.input, o.config === null]),
      [
        [w, false],
        [x, true],
      ],
      "the good input's config is there",
    );
    assert.deepEqual(
      env.issues.map((i) => [i.file, i.code, i.path]),
      [
        [w, 'BUTANE_UNUSED_KEY', '$.bogus'],
        [x, 'IGN_PATH_NOT_ABSOLUTE', '$.storage.files.0.path'],
      ],
    );
    assert.deepEqual(env.error, {
      code: 'BUTANE_GENERATED_INVALID',
      message: 'config generated was invalid',
      line: null,
      column: null,
    });
    const one = runHull(['-o', 'json', 'butane', w]);
    assert.equal(one.status, 0, one.stderr);
    const single = JSON.parse(one.stdout) as { ok: boolean; result: { ignition: { version: string } }; error: unknown };
    assert.deepEqual(
      [single.ok, typeof single.result.ignition.version, single.error],
      [true, 'string', null],
      'one input: its config is the result',
    );
  });

  test("a YAML syntax error: the text keeps butane's message (its line), -o json adds line and column", () => {
    const broken = file('syntax.bu', 'variant: flatcar\nversion: 1.1.0\nfoo: bar: baz\n');
    const text = runHull(['butane', broken]);
    assert.equal(text.status, 1);
    assert.equal(
      text.stderr,
      'Error translating config: Error unmarshaling yaml: yaml: line 3: nested mappings are not allowed in compact mappings\n',
    );
    const json = runHull(['-o', 'json', 'butane', broken]);
    assert.equal(json.status, 1);
    const report = JSON.parse(json.stdout) as { error: { code: string; line: number; column: number } };
    assert.deepEqual([report.error.code, report.error.line, report.error.column], ['BUTANE_YAML_INVALID', 3, 6]);
  });

  test('--strict fails on a warning', () => {
    const r = runHull(['butane', '--strict', '--raw-errors', file('s.bu', WARN)]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /warning at \$\.bogus, line 3 col 1: unused key bogus\nConfig produced warnings and --strict was specified\n$/,
    );
  });

  test("a symlink in the files dir pointing outside it is refused with butane's message (butane itself follows it)", () => {
    const files = join(dir, 'files');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(dir, 'secret'), 'outside\n');
    if (!existsSync(join(files, 'link'))) symlinkSync('../secret', join(files, 'link'));
    const cfg = file(
      'esc.bu',
      'variant: flatcar\nversion: 1.1.0\nstorage:\n  files:\n    - path: /etc/x\n      contents:\n        local: link\n',
    );
    const r = runHull(['butane', '--raw-errors', '-d', files, cfg]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      'error at $.storage.files.0.contents.local, line 7 col 16: local file path traverses outside the files directory\nError translating config: source config is invalid\n',
    );
  });

  test('--color always colours the pretty report', () => {
    const r = runHull(['butane', '--color', 'always', file('c1.bu', WARN)]);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /\x1b\[1;33mwarning/);
    const never = runHull(['butane', '--color=never', file('c2.bu', WARN)]);
    assert.doesNotMatch(never.stderr, /\x1b\[/);
  });

  test('a missing input file: butane\'s "failed to open" line, exit 1', () => {
    const r = runHull(['butane', join(dir, 'nope.bu')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^failed to open .*nope\.bu: /);
  });

  test('an unknown option is a usage error (exit 2)', () => {
    const r = runHull(['butane', '--bogus']);
    assert.equal(r.status, 2);
  });

  test('the global -o json keeps working after other subcommands', () => {
    const r = runHull(['version', '-o', 'json']);
    assert.equal(r.status, 0);
    assert.ok(JSON.parse(r.stdout).result.version);
  });
});
