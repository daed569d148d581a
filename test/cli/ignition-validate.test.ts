import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-ign-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const BAD =
  '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"a","bogus":1}]},"passwd":{"users":[{"name":"a"},{"name":"a"}]}}';

describe('hull ignition validate', () => {
  test('a valid config: silent, exit 0', () => {
    const r = runHull(['ignition', 'validate', file('ok.ign', '{"ignition":{"version":"3.3.0"}}')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  test("errors and warnings in ignition-validate's format, exit 1", () => {
    const r = runHull(['ignition', 'validate', file('bad.ign', BAD)]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout,
      [
        'error at $.storage.files.0.path, line 1 col 61: path not absolute',
        'error at $.passwd.users.1, line 1 col 111: duplicate entry defined',
        'warning at $.storage.files.0.bogus, line 1 col 65: Unused key bogus',
        '',
      ].join('\n'),
    );
  });

  test('warnings only: exit 0', () => {
    const r = runHull(['ignition', 'validate', file('warn.ign', '{"ignition":{"version":"3.1.0"},"x":1}')]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'warning at $.x, line 1 col 33: Unused key x\n');
  });

  test('stdin, with no file or with -', () => {
    for (const args of [
      ['ignition', 'validate'],
      ['ignition', 'validate', '-'],
    ]) {
      const r = runHull(args, { input: '{"ignition":{"version":"9.0.0"}}' });
      assert.equal(r.status, 1);
      // As ignition-validate: a refusal on stderr, nothing on stdout.
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, "couldn't parse config: unsupported config version\n");
    }
  });

  test('type errors: at the line:col encoding/json reports (after the value); the path only with -o json', () => {
    const r = runHull(['ignition', 'validate', '-'], {
      input: '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"/etc/ms","mode":"0644"}]}}',
    });
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout,
      'error at line 1 col 84: json: cannot unmarshal string into Go struct field File.storage.files.mode of type int\n',
    );
    const json = runHull(['-o', 'json', 'ignition', 'validate', '-'], {
      input: '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"/etc/ms","mode":"0644"}]}}',
    });
    assert.deepEqual(
      (JSON.parse(json.stdout) as { issues: { path: string }[] }).issues.map((i) => i.path),
      ['$.storage.files.0.mode'],
    );
  });

  test("version problems name Ignition's messages", () => {
    const missing = runHull(['ignition', 'validate', '-'], { input: '{}' });
    assert.equal(missing.status, 1);
    assert.equal(missing.stdout, '');
    assert.equal(missing.stderr, "couldn't parse config: invalid config version (couldn't parse)\n");
    const json = runHull(['-o', 'json', 'ignition', 'validate', '-'], { input: '{}' });
    assert.deepEqual(
      (JSON.parse(json.stdout) as { issues: { code: string }[] }).issues.map((i) => i.code),
      ['IGN_VERSION_INVALID'],
    );
  });

  test("--accept-v2: a 2.x config is judged by its own version's rules; without it, refused as ignition-validate does", () => {
    const v23 =
      '{"ignition":{"version":"2.3.0"},"storage":{"files":[{"filesystem":"root","path":"a","mode":420}]},"systemd":{"units":[{"name":"x.txt"}]}}';
    const refused = runHull(['ignition', 'validate', '-'], { input: v23 });
    assert.equal(refused.status, 1);
    // ignition-validate's line, then Hull's hint (the one line beyond the real tool's output)
    assert.equal(
      refused.stderr,
      "couldn't parse config: unsupported config version\nhull: hint: this is a spec 2.x (Container Linux) config: add --accept-v2 to validate it by its own rules\n",
    );
    const judged = runHull(['-o', 'json', 'ignition', 'validate', '--accept-v2', '-'], { input: v23 });
    assert.equal(judged.status, 1);
    assert.deepEqual(
      (JSON.parse(judged.stdout) as { issues: { path: string }[] }).issues.map((i) => i.path),
      ['$.storage.files.0.path', '$.systemd.units.0.name'],
    );
    const good = runHull(['ignition', 'validate', '--accept-v2', '-'], {
      input: '{"ignition":{"version":"2.0.0"},"storage":{"files":[{"filesystem":"root","path":"/a","mode":420}]}}',
    });
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.equal(good.stdout, '');
    // 2.0 has no directories: an unknown key is a warning there, as Ignition v0.35 says
    const old = runHull(['-o', 'json', 'ignition', 'validate', '--accept-v2', '-'], {
      input: '{"ignition":{"version":"2.0.0"},"storage":{"directories":[]}}',
    });
    assert.equal(old.status, 0);
    assert.deepEqual(
      (JSON.parse(old.stdout) as { issues: { severity: string; path: string }[] }).issues.map((i) => [
        i.severity,
        i.path,
      ]),
      [['warning', '$.storage.directories']],
    );
  });

  test("--accept-v2: a spec 1 config (ignitionVersion 1) is judged by spec 1's rules, with Ignition's deprecation warning", () => {
    const v1 =
      '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb","format":"ext4","files":[{"path":"/etc/hostname","contents":"core1","mode":420}]}]}}';
    const refused = runHull(['ignition', 'validate', '-'], { input: v1 });
    assert.equal(refused.status, 1);
    assert.equal(
      refused.stderr,
      "couldn't parse config: invalid config version (couldn't parse)\nhull: hint: this is a spec 1 config (ignitionVersion 1): add --accept-v2 to validate it by its own rules\n",
    );
    const good = runHull(['ignition', 'validate', '--accept-v2', '-'], { input: v1 });
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.equal(good.stdout, 'warning at $.ignitionVersion, line 1 col 20: config format deprecated\n');
    const bad = runHull(['-o', 'json', 'ignition', 'validate', '--accept-v2', '--rules', 'coreos', '-'], {
      input: v1.replace('"/etc/hostname"', '"etc/hostname"'),
    });
    assert.equal(bad.status, 1);
    assert.deepEqual(
      (JSON.parse(bad.stdout) as { issues: { code: string; path: string }[] }).issues.map((i) => [i.code, i.path]),
      [
        ['IGN_PATH_NOT_ABSOLUTE', '$.storage.filesystems.0.files.0.path'],
        ['IGN_CONFIG_DEPRECATED', '$.ignitionVersion'],
      ],
    );
    // --rules coreos: coreos/ign-converter's refusal of the upgrade's unmapped filesystem, placed at that filesystem
    // and at the file on it (the upgrade's storage.files.0.filesystem) in the spec 1 text
    const unmapped = runHull(['-o', 'json', 'ignition', 'validate', '--accept-v2', '--rules', 'coreos', '-'], {
      input: v1,
    });
    assert.equal(unmapped.status, 1);
    assert.deepEqual(
      (JSON.parse(unmapped.stdout) as { issues: { code: string; path: string }[] }).issues
        .filter((i) => i.code === 'IGN_TRANSLATE_FILESYSTEM_UNMAPPED')
        .map((i) => i.path),
      ['$.storage.filesystems.0', '$.storage.filesystems.0.files.0'],
    );
  });

  test('--accept-v2 --rules: also the refusals of that translator; without --rules none; --rules alone is USAGE', () => {
    const v23 = '{"ignition":{"version":"2.3.0"},"networkd":{"units":[{"name":"e.network","contents":"[Match]"}]}}';
    const plain = runHull(['ignition', 'validate', '--accept-v2', '-'], { input: v23 });
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
    const fork = runHull(['ignition', 'validate', '--accept-v2', '--rules', 'flatcar', '-'], { input: v23 });
    assert.equal(fork.status, 0, fork.stdout + fork.stderr);
    assert.equal(fork.stdout, '');
    const co = runHull(['-o', 'json', 'ignition', 'validate', '--accept-v2', '--rules', 'coreos', '-'], { input: v23 });
    assert.equal(co.status, 1);
    assert.deepEqual(
      (JSON.parse(co.stdout) as { issues: { code: string; path: string }[] }).issues.map((i) => [i.code, i.path]),
      [['IGN_TRANSLATE_NETWORKD', '$.networkd.units.0']],
    );
    const usage = runHull(['ignition', 'validate', '--rules', 'flatcar', '-'], { input: v23 });
    assert.equal(usage.status, 2);
  });

  test('a 200 MB file is refused by the size limit without being read whole', () => {
    const big = file('big.ign', '');
    truncateSync(big, 200 * 1024 * 1024); // sparse: no disk space used
    const started = Date.now();
    const r = runHull(['-o', 'json', 'ignition', 'validate', big]);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { issues: { code: string }[] }).issues.map((i) => i.code),
      ['SRC_INPUT_TOO_LARGE'],
    );
    assert.ok(Date.now() - started < 20_000);
  });

  test('a missing file is NOT_FOUND, exit 3', () => {
    const r = runHull(['ignition', 'validate', join(dir, 'nope.ign')]);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /NOT_FOUND/);
    assert.equal(r.stdout, '');
  });

  test('-o json prints the envelope, the report in its issues', () => {
    const r = runHull(['-o', 'json', 'ignition', 'validate', file('bad2.ign', BAD)]);
    assert.equal(r.status, 1);
    const env = JSON.parse(r.stdout) as {
      ok: boolean;
      result: unknown;
      error: unknown;
      issues: { code: string; path: string; line: number }[];
    };
    assert.deepEqual(
      [env.ok, env.result, env.error],
      [false, null, null],
      'the envelope: not ok, no result, no error (the issues say why)',
    );
    const issues = env.issues;
    assert.deepEqual(
      issues.map((i) => [i.code, i.path, i.line]),
      [
        ['IGN_PATH_NOT_ABSOLUTE', '$.storage.files.0.path', 1],
        ['IGN_DUPLICATE', '$.passwd.users.1', 1],
        ['IGN_UNUSED_KEY', '$.storage.files.0.bogus', 1],
      ],
    );
  });

  test('JSON syntax errors and duplicate keys are errors', () => {
    const r = runHull(['ignition', 'validate', '-'], { input: '{"ignition":{"version":"3.0.0","version":"3.0.0"}}' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^error at \$\.ignition\.version, line 1 col 32: /);
  });
});
