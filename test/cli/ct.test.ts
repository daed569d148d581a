import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { validateConfigText, ALL_SPEC_VERSIONS } from '../../src/ignition/index.js';
import { runHull } from '../helpers/hull.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-ct-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const CLC =
  'storage:\n  files:\n    - path: /etc/hostname\n      mode: 0644\n      contents:\n        inline: box\nsystemd:\n  units:\n    - name: a.service\n      enabled: true\n      contents: "[Service]\\nExecStart=/bin/true\\n[Install]\\nWantedBy=multi-user.target"\n';

describe('hull ct: command line', () => {
  test('-version and --version print ct v0.9.4', () => {
    for (const flag of ['-version', '--version']) {
      const r = runHull(['ct', flag]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, 'ct v0.9.4\n');
    }
  });

  test("a YAML syntax error: ct's text (the line in the message), and line and column with -o json", () => {
    const broken = file('syntax.yaml', 'passwd:\n  users:\n  - name: "core\n');
    const text = runHull(['ct', '-in-file', broken]);
    assert.equal(text.status, 1);
    assert.equal(
      text.stderr,
      'error: yaml: line 3: unterminated double-quoted string: missing closing "\nFailed to parse config\n',
    );
    const json = runHull(['-o', 'json', 'ct', '-in-file', broken]);
    assert.equal(json.status, 1);
    const env = JSON.parse(json.stdout) as {
      ok: boolean;
      result: unknown;
      issues: { code: string; line: number; column: number }[];
    };
    assert.deepEqual([env.ok, env.result], [false, null]);
    const [issue] = env.issues;
    assert.deepEqual([issue!.code, issue!.line, issue!.column], ['CT_YAML_INVALID', 3, 11]);
  });

  test('-help prints the flags on stderr and exits 0', () => {
    const r = runHull(['ct', '-help']);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /-in-file string\n/);
    assert.match(
      r.stderr,
      /-platform string\n.*azure digitalocean ec2 gce packet openstack-metadata vagrant-virtualbox cloudstack-configdrive custom/,
    );
  });

  test('an unknown flag is a usage error (exit 2), as Go flag parsing does', () => {
    const r = runHull(['ct', '-bogus']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^flag provided but not defined: -bogus\n/);
    const missing = runHull(['ct', '-in-file']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /flag needs an argument: -in-file/);
  });

  test('stdin to stdout; -in-file x, -in-file=x and --in-file x agree', () => {
    const p = file('a.yaml', CLC);
    const viaStdin = runHull(['ct'], { input: CLC });
    assert.equal(viaStdin.status, 0, viaStdin.stderr);
    assert.ok(!viaStdin.stdout.endsWith('\n'), 'compact output has no final newline');
    for (const args of [['-in-file', p], [`-in-file=${p}`], ['--in-file', p], [`--in-file=${p}`]]) {
      const r = runHull(['ct', ...args]);
      assert.equal(r.stdout, viaStdin.stdout, args.join(' '));
    }
    const pretty = runHull(['ct', '-pretty', '-in-file', p]);
    assert.ok(pretty.stdout.endsWith('}\n'));
    assert.deepEqual(JSON.parse(pretty.stdout), JSON.parse(viaStdin.stdout));
  });

  test('-out-file writes the config; a missing -in-file fails as ct does (exit 1)', () => {
    const out = join(dir, 'out.ign');
    const r = runHull(['ct', '-in-file', file('b.yaml', CLC), '-out-file', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).ignition.version, '2.3.0');
    const missing = runHull(['ct', '-in-file', join(dir, 'nope.yaml')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^Failed to open: open .*nope\.yaml: no such file or directory\n$/);
  });

  test('-strict fails on a warning; without it the warning is printed and the config written', () => {
    const p = file('warn.yaml', 'storage:\n  files:\n    - path: /a\n');
    const loose = runHull(['ct', '-in-file', p]);
    assert.equal(loose.status, 0);
    assert.equal(loose.stderr, 'warning at line 3, column 7\nmode unspecified for file, defaulting to 0644\n');
    const strict = runHull(['ct', '-strict', '-in-file', p]);
    assert.equal(strict.status, 1);
    assert.equal(strict.stdout, '');
    assert.match(strict.stderr, /Failed to parse config\n$/);
  });
});

describe('hull ct: beyond ct', () => {
  test('hull -o json ct gives the envelope, its issues with codes and paths', () => {
    const p = file('j.yaml', 'storage:\n  files:\n    - path: etc/x\n      mode: 0644\n');
    const r = runHull(['-o', 'json', 'ct', '-in-file', p]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '', 'the report is in the envelope on stdout');
    const issues = (JSON.parse(r.stdout) as { issues: { code: string; path: string; line: number; column: number }[] })
      .issues;
    assert.deepEqual(
      issues.map((i) => [i.code, i.path, i.line, i.column]),
      [['IGN_PATH_NOT_ABSOLUTE', '$.storage.files.0.path', 3, 13]],
    );
  });

  test('-ignition 3.x writes a config that validates as that version', () => {
    const p = file('three.yaml', CLC);
    for (const v of ['3.0.0', '3.4.0', '3.6']) {
      const r = runHull(['ct', '-ignition', v, '-in-file', p]);
      assert.equal(r.status, 0, r.stderr);
      const res = validateConfigText(r.stdout, { versions: ALL_SPEC_VERSIONS });
      assert.equal(res.version, v.length === 3 ? `${v}.0` : v);
      assert.ok(!res.report.isFatal(), res.report.issues.map((i) => i.message).join('\n'));
      const cfg = JSON.parse(r.stdout);
      assert.equal(cfg.storage.files[0].path, '/etc/hostname');
      assert.equal(cfg.storage.files[0].overwrite, true);
      assert.equal(cfg.systemd.units[0].enabled, true);
    }
    const bad = runHull(['ct', '-ignition', '9.9.9', '-in-file', p]);
    assert.equal(bad.status, 2);
  });

  test('-ignition 3.x refuses what spec 3 lacks (networkd), pointing at the YAML', () => {
    const p = file('nd.yaml', 'networkd:\n  units:\n    - name: a.network\n      contents: "[Match]"\n');
    const r = runHull(['ct', '-ignition', '3.0.0', '-in-file', p]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /error at line 3, column 7\n.*networkd/);
  });

  test('-ignition with a named filesystem needs -fsmap, which gives its mount path', () => {
    const p = file(
      'oem.yaml',
      'storage:\n  filesystems:\n    - name: oem\n      mount:\n        device: /dev/disk/by-label/OEM\n        format: ext4\n  files:\n    - filesystem: oem\n      path: /grub.cfg\n      mode: 0644\n',
    );
    const refused = runHull(['-o', 'json', 'ct', '-ignition', '3.4.0', '-in-file', p]);
    assert.equal(refused.status, 1);
    const codes = (JSON.parse(refused.stdout) as { issues: { code: string; line: number }[] }).issues.map(
      (i) => `${i.code}@${i.line}`,
    );
    assert.deepEqual(codes, ['IGN_TRANSLATE_FILESYSTEM_UNMAPPED@3', 'IGN_TRANSLATE_FILESYSTEM_UNMAPPED@8']);
    const map = file('fsmap', 'oem /usr/share/oem\n');
    const r = runHull(['ct', '-ignition', '3.4.0', '-fsmap', map, '-in-file', p]);
    assert.equal(r.status, 0, r.stderr);
    const cfg = JSON.parse(r.stdout);
    assert.equal(cfg.storage.files[0].path, '/usr/share/oem/grub.cfg');
    assert.deepEqual(cfg.storage.filesystems, [
      { device: '/dev/disk/by-label/OEM', format: 'ext4', path: '/usr/share/oem' },
    ]);
  });

  test('-out-dir with several inputs writes DIR/<name>.ign each and exits with the worst code', () => {
    const out = join(dir, 'outdir');
    mkdirSync(out);
    const good = file('good.yaml', CLC);
    const bad = file('bad.yaml', 'storage:\n  files:\n    - path: x\n      mode: 0644\n');
    const r = runHull(['ct', '-out-dir', out, good, bad]);
    assert.equal(r.status, 1);
    assert.ok(existsSync(join(out, 'good.ign')));
    assert.ok(!existsSync(join(out, 'bad.ign')));
    assert.match(r.stderr, /bad\.yaml: error at line 3, column 13\n.*bad\.yaml: path not absolute\n/);
    const json = runHull(['-o', 'json', 'ct', '-out-dir', out, good, bad]);
    assert.equal(json.status, 1);
    const env = JSON.parse(json.stdout) as {
      ok: boolean;
      result: { outputs: { input: string; output: string | null }[] };
      issues: { file: string; code: string }[];
    };
    assert.deepEqual(env.result.outputs, [
      { input: good, output: join(out, 'good.ign') },
      { input: bad, output: null },
    ]);
    assert.deepEqual(
      env.issues.map((i) => [i.file, i.code]),
      [[bad, 'IGN_PATH_NOT_ABSOLUTE']],
    );
    const noDir = runHull(['ct', good]);
    assert.equal(noDir.status, 2);
  });

  test('contents.local may not leave -files-dir, lexically or through a symbolic link', () => {
    const files = join(dir, 'files');
    mkdirSync(files);
    writeFileSync(join(dir, 'secret'), 'secret');
    writeFileSync(join(files, 'ok.txt'), 'fine <&>');
    symlinkSync(join(dir, 'secret'), join(files, 'link'));
    const cfg = (local: string) =>
      file(
        'local.yaml',
        `storage:\n  files:\n    - path: /a\n      mode: 0644\n      contents:\n        local: ${local}\n`,
      );
    const ok = runHull(['ct', '-files-dir', files, '-in-file', cfg('ok.txt')]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).storage.files[0].contents.source, 'data:,fine%20%3C%26%3E');
    for (const bad of ['../secret', 'link', '/../secret']) {
      const r = runHull(['-o', 'json', 'ct', '-files-dir', files, '-in-file', cfg(bad)]);
      assert.equal(r.status, 1, bad);
      const env = JSON.parse(r.stdout) as { ok: boolean; result: unknown; issues: { code: string }[] };
      assert.deepEqual([env.ok, env.result], [false, null], 'no config came out');
      assert.deepEqual(
        env.issues.map((i) => i.code),
        ['CT_LOCAL_ESCAPES'],
        bad,
      );
    }
  });
});
