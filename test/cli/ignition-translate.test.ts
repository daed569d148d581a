import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  findSpecVersion,
  marshalConverterOutput,
  translateConfigText,
  TRANSLATE_VERSIONS,
} from '../../src/ignition/index.js';
import { runHull } from '../helpers/hull.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-ign-tr-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const V30 =
  '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"/etc/a","mode":420,"contents":{"source":"data:,a%3Cb"}}]}}';
/** V30 as spec 3.6.0 in encoding/json's form (every struct written): an input here. */
const V30_AS_36_GO =
  '{"ignition":{"config":{"replace":{"verification":{}}},"proxy":{},"security":{"tls":{}},"timeouts":{},"version":"3.6.0"},' +
  '"kernelArguments":{},"passwd":{},"storage":{"files":[{"group":{},"path":"/etc/a","user":{},"contents":{"source":"data:,a%3Cb","verification":{}},"mode":420}]},"systemd":{}}';
/** V30 as spec 3.6.0 as ign-converter's CLI prints it (clarketm/json: empty structs left out; one final newline). */
const V30_AS_36 =
  '{"ignition":{"version":"3.6.0"},"storage":{"files":[{"path":"/etc/a","contents":{"source":"data:,a%3Cb"},"mode":420}]}}\n';
const NEWER =
  '{"ignition":{"version":"3.6.0"},"kernelArguments":{"shouldExist":["a"]},"storage":{"luks":[{"name":"a","device":"/dev/a","discard":true}]}}';

describe('hull ignition translate', () => {
  test('a file, stdin and - give the same bytes: compact JSON in struct order, empty structs left out, one final newline', () => {
    const viaFile = runHull(['ignition', 'translate', '--to', '3.6.0', file('a.ign', V30)]);
    assert.equal(viaFile.status, 0, viaFile.stderr);
    assert.equal(viaFile.stdout, V30_AS_36);
    assert.equal(viaFile.stderr, '');
    for (const args of [
      ['ignition', 'translate', '--to', '3.6'],
      ['ignition', 'translate', '--to', '3.6', '-'],
    ]) {
      const r = runHull(args, { input: V30 });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, V30_AS_36);
    }
  });

  test('--pretty: two-space indent and a final newline', () => {
    const r = runHull(['ignition', 'translate', '--to', '3.6.0', '--pretty', '-'], { input: V30 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${JSON.stringify(JSON.parse(V30_AS_36), null, 2)}\n`);
  });

  test('down to 3.0: the empty 3.0 replace (a null source) is left out, as clarketm/json leaves it out', () => {
    const r = runHull(['ignition', 'translate', '--to', '3.0', '-'], { input: V30_AS_36_GO });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"/etc/a","contents":{"source":"data:,a%3Cb"},"mode":420}]}}\n',
    );
  });

  test("2.x → 3.x prints what ign-converter's CLI prints: a bare 2.x config gives exactly the version", () => {
    for (const v of ['2.0.0', '2.1.0', '2.2.0', '2.3.0']) {
      // ct's form of an empty config (ct writes 2.2 and 2.3; encoding/json writes every struct)
      const ct = `{"ignition":{"config":{},"security":{"tls":{}},"timeouts":{},"version":"${v}"},"networkd":{},"passwd":{},"storage":{},"systemd":{}}`;
      for (const input of [`{"ignition":{"version":"${v}"}}`, ...(v >= '2.2.0' ? [ct] : [])]) {
        for (const to of ['3.0', '3.1', '3.6']) {
          const r = runHull(['ignition', 'translate', '--to', to, '-'], { input });
          assert.equal(r.status, 0, r.stderr);
          assert.equal(r.stderr, '', `${input} → ${to}`);
          assert.equal(r.stdout, `{"ignition":{"version":"${to}.0"}}\n`, `${input} → ${to}`);
        }
      }
    }
  });

  test('--to missing or not 3.0 … 3.6: USAGE, exit 2', () => {
    for (const args of [[], ['--to', '3.7.0'], ['--to', '2.3.0'], ['--to', '3'], ['--to', 'latest']]) {
      const r = runHull(['ignition', 'translate', ...args, '-'], { input: V30 });
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^hull: error USAGE: /);
    }
  });

  test('refusals: one line per field on stderr in the ignition-validate format, nothing on stdout, exit 1', () => {
    const r = runHull(['ignition', 'translate', '--to', '3.2.0', file('newer.ign', NEWER)]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      [
        'error at $.kernelArguments.shouldExist, line 1 col 67: kernelArguments needs spec 3.3.0 or newer; cannot translate to 3.2.0',
        'error at $.storage.luks.0.discard, line 1 col 132: luks discard needs spec 3.4.0 or newer; cannot translate to 3.2.0',
        '',
      ].join('\n'),
    );
  });

  test('-o json: the envelope on stdout, the issues in it, nothing on stderr', () => {
    const r = runHull(['-o', 'json', 'ignition', 'translate', '--to', '3.3', '-'], { input: NEWER });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    const env = JSON.parse(r.stdout) as {
      ok: boolean;
      result: unknown;
      error: unknown;
      issues: { code: string; path: string }[];
    };
    assert.deepEqual([env.ok, env.result, env.error], [false, null, null]);
    assert.deepEqual(
      env.issues.map((i) => [i.code, i.path]),
      [['IGN_TRANSLATE_FIELD_UNSUPPORTED', '$.storage.luks.0.discard']],
    );
    const ok = runHull(['-o', 'json', 'ignition', 'translate', '--to', '3.4', '-'], {
      input: '{"ignition":{"version":"3.0.0"}}',
    });
    assert.equal(ok.status, 0, ok.stderr);
    const good = JSON.parse(ok.stdout) as {
      ok: boolean;
      result: { ignition: { version: string } };
      issues: unknown[];
      error: unknown;
    };
    assert.deepEqual(
      [good.ok, good.result.ignition.version, good.issues, good.error],
      [true, '3.4.0', [], null],
      'the translated config is the result',
    );
  });

  test("an invalid input: its validation errors, exit 1; an unknown version: ignition-validate's refusal", () => {
    const bad = runHull(['ignition', 'translate', '--to', '3.6', '-'], {
      input: '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"a"}]}}',
    });
    assert.equal(bad.status, 1);
    assert.equal(bad.stdout, '');
    assert.equal(bad.stderr, 'error at $.storage.files.0.path, line 1 col 61: path not absolute\n');
    const unknown = runHull(['ignition', 'translate', '--to', '3.6', '-'], {
      input: '{"ignition":{"version":"9.0.0"}}',
    });
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stdout, '');
    assert.equal(unknown.stderr, "couldn't parse config: unsupported config version\n");
  });

  test('warnings go to stderr; the config is still printed, exit 0', () => {
    const r = runHull(['ignition', 'translate', '--to', '3.6', '-'], {
      input: '{"ignition":{"version":"3.1.0"},"x":1}',
    });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, 'warning at $.x, line 1 col 33: Unused key x\n');
    assert.match(r.stdout, /"version":"3\.6\.0"/);
  });

  test('a result the target rejects: IGN_TRANSLATE_RESULT_INVALID', () => {
    // 3.1 lets a link go without a target; from 3.3 on it is required.
    const r = runHull(['ignition', 'translate', '--to', '3.3', '-'], {
      input: '{"ignition":{"version":"3.1.0"},"storage":{"links":[{"path":"/l"}]}}',
    });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'error at $.storage.links.0.target, line 1 col 54: the translated 3.3.0 config is invalid: link target is required\n',
    );
  });

  test('--fsmap: a malformed line is USAGE naming file:line; a missing file NOT_FOUND', () => {
    const map = file('bad.map', 'var /var\nno-path\n');
    const r = runHull(['ignition', 'translate', '--to', '3.6', '--fsmap', map, '-'], { input: V30 });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      new RegExp(`^hull: error USAGE: ${map.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: malformed fsmap line "no-path"`),
    );
    for (const text of ['a  b\n', 'a b c\n', '\n', 'a b\n\n']) {
      const bad = runHull(['ignition', 'translate', '--to', '3.6', '--fsmap', file('bad2.map', text), '-'], {
        input: V30,
      });
      assert.equal(bad.status, 2, JSON.stringify(text));
    }
    const missing = runHull(['ignition', 'translate', '--to', '3.6', '--fsmap', join(dir, 'nope.map'), '-'], {
      input: V30,
    });
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /NOT_FOUND/);
  });

  test('a 2.x config with --fsmap is translated as ign-converter does', () => {
    const v23 =
      '{"ignition":{"version":"2.3.0"},"storage":{"filesystems":[{"name":"var","mount":{"device":"/dev/sdb","format":"xfs"}}],' +
      '"files":[{"filesystem":"var","path":"/a","mode":420,"contents":{"source":"data:,x"}}]}}';
    const ok = runHull(['ignition', 'translate', '--to', '3.1', '--fsmap', file('ok.map', 'var /var\n'), '-'], {
      input: v23,
    });
    assert.equal(ok.status, 0, ok.stderr);
    const out = JSON.parse(ok.stdout) as {
      ignition: { version: string };
      storage: { files: { path: string }[]; filesystems: { path: string }[] };
    };
    assert.equal(out.ignition.version, '3.1.0');
    assert.equal(out.storage.files[0]!.path, '/var/a');
    assert.equal(out.storage.filesystems[0]!.path, '/var');
    // --rules flatcar (the default): mounted where flatcar/ign-converter puts it at boot
    const fork = runHull(['ignition', 'translate', '--to', '3.1', '-'], { input: v23 });
    assert.equal(fork.status, 0, fork.stderr);
    assert.equal(
      fork.stdout,
      '{"ignition":{"version":"3.1.0"},"storage":{"files":[{"overwrite":true,"path":"/tmp/var-ign1/a","contents":{"source":"data:,x"},"mode":420}],"filesystems":[{"device":"/dev/sdb","format":"xfs","path":"/tmp/var-ign1"}]}}\n',
    );
    const unmapped = runHull(['ignition', 'translate', '--to', '3.1', '--rules', 'coreos', '-'], { input: v23 });
    assert.equal(unmapped.status, 1);
    assert.equal(unmapped.stdout, '');
    assert.match(
      unmapped.stderr,
      /^error at \$\.storage\.filesystems\.0\.name, line 1 col \d+: Config defined filesystem "var" but no mapping was defined/,
    );
  });

  test('a spec 1 config translates as both real translators do (the recorded bytes of corpus case spec1-file)', () => {
    const v1 =
      '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/disk/by-label/ROOT","format":"ext4","files":[{"path":"/etc/hostname","contents":"core1","mode":420,"uid":0,"gid":0}]}]}}';
    const fork = runHull(['ignition', 'translate', '--to', '3.1', '-'], { input: v1 });
    assert.equal(fork.status, 0, fork.stderr);
    assert.equal(
      fork.stdout,
      '{"ignition":{"version":"3.1.0"},"storage":{"files":[{"group":{"id":0},"overwrite":true,"path":"/tmp/_translate-filesystem-0-ign1/etc/hostname","user":{"id":0},"contents":{"source":"data:,core1"},"mode":420}],"filesystems":[{"device":"/dev/disk/by-label/ROOT","format":"ext4","path":"/tmp/_translate-filesystem-0-ign1"}]}}\n',
    );
    assert.equal(fork.stderr, 'warning at $.ignitionVersion, line 1 col 20: config format deprecated\n');
    const co = runHull(['ignition', 'translate', '--to', '3.1', '--rules', 'coreos', '-'], { input: v1 });
    assert.equal(co.status, 1);
    assert.match(
      co.stderr,
      /^error at \$\.storage\.filesystems\.0, line 1 col \d+: Config defined filesystem "_translate-filesystem-0" but no mapping was defined/m,
    );
    const mapped = runHull(
      [
        'ignition',
        'translate',
        '--to',
        '3.1',
        '--rules',
        'coreos',
        '--fsmap',
        file('v1.map', '_translate-filesystem-0 /\n'),
        '-',
      ],
      { input: v1 },
    );
    assert.equal(mapped.status, 0, mapped.stderr);
    assert.equal(
      mapped.stdout,
      '{"ignition":{"version":"3.1.0"},"storage":{"files":[{"group":{"id":0},"overwrite":true,"path":"/etc/hostname","user":{"id":0},"contents":{"source":"data:,core1"},"mode":420}],"filesystems":[{"device":"/dev/disk/by-label/ROOT","format":"ext4","path":"/"}]}}\n',
    );
  });

  test('--rules: networkd units are files with flatcar, refused with coreos; an unknown rule set is USAGE', () => {
    const v23 =
      '{"ignition":{"version":"2.3.0"},"networkd":{"units":[{"name":"10-e.network","contents":"[Match]\\nName=e*"}]}}';
    const fork = runHull(['ignition', 'translate', '--to', '3.0', '--rules', 'flatcar', '-'], { input: v23 });
    assert.equal(fork.status, 0, fork.stderr);
    assert.equal(
      fork.stdout,
      '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"overwrite":true,"path":"/etc/systemd/network/10-e.network","contents":{"source":"data:,%5BMatch%5D%0AName=e%2A"},"mode":420}]}}\n',
    );
    const co = runHull(['ignition', 'translate', '--to', '3.0', '--rules', 'coreos', '-'], { input: v23 });
    assert.equal(co.status, 1);
    assert.match(co.stderr, /config includes deprecated networkd section/);
    const bad = runHull(['ignition', 'translate', '--to', '3.0', '--rules', 'nope', '-'], { input: v23 });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--rules: unknown rule set 'nope'/);
  });

  test('a missing input file is NOT_FOUND, exit 3', () => {
    const r = runHull(['ignition', 'translate', '--to', '3.6', join(dir, 'nope.ign')]);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /NOT_FOUND/);
  });
});

describe('translated 3.0–3.3 configs, as the CLI prints them, pass the real ignition-validate (Ignition 2.14)', () => {
  const IV = '/usr/bin/ignition-validate';
  const CORPUS = join(import.meta.dirname, '../fixtures/ignition/corpus');

  test('every valid config of the corpus, translated to each of 3.0 … 3.3 it can be', () => {
    assert.ok(
      existsSync(IV),
      'ignition-validate is missing: install it with `scripts/setup-system` (Debian package `ignition`)',
    );
    let checked = 0;
    for (const name of readdirSync(CORPUS)
      .filter((f) => f.endsWith('.ign'))
      .sort()) {
      const text = readFileSync(join(CORPUS, name), 'utf8');
      for (const to of TRANSLATE_VERSIONS.slice(0, 4)) {
        const r = translateConfigText(text, to);
        if (r.config === undefined) continue;
        const out = file('iv.ign', marshalConverterOutput(findSpecVersion(to)!.schema, r.config));
        const v = spawnSync(IV, [out], { encoding: 'utf8' });
        assert.equal(v.status, 0, `${name} → ${to}: ${v.stdout}${v.stderr}`);
        assert.doesNotMatch(v.stdout, /^error/m, `${name} → ${to}`);
        checked++;
      }
    }
    assert.ok(checked >= 100, `checked ${checked} translations`);
  });

  test('the CLI output for a rich 3.6 config passes ignition-validate at 3.0 … 3.3', () => {
    const rich = JSON.stringify({
      ignition: {
        version: '3.6.0',
        config: { merge: [{ source: 'https://example.com/a.ign' }] },
        timeouts: { httpTotal: 30 },
      },
      passwd: {
        users: [{ name: 'core', sshAuthorizedKeys: ['ssh-ed25519 AAAA'], groups: ['wheel'] }],
        groups: [{ name: 'ops', gid: 1001 }],
      },
      storage: {
        disks: [{ device: '/dev/vdb', wipeTable: true, partitions: [{ number: 1, label: 'data', sizeMiB: 1024 }] }],
        filesystems: [{ device: '/dev/disk/by-partlabel/data', format: 'xfs', path: '/var/data', label: 'data' }],
        files: [
          {
            path: '/etc/motd',
            overwrite: true,
            mode: 420,
            contents: { source: 'data:,hello%20%3C%3E%26', verification: {} },
          },
        ],
        directories: [{ path: '/var/data/x', mode: 493 }],
        links: [{ path: '/etc/l', target: '/etc/motd' }],
        raid: [{ name: 'md0', level: 'raid1', devices: ['/dev/vdc', '/dev/vdd'] }],
      },
      systemd: {
        units: [
          {
            name: 'a.service',
            enabled: true,
            contents: '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
          },
        ],
      },
    });
    for (const to of ['3.0', '3.1', '3.2', '3.3']) {
      const r = runHull(['ignition', 'translate', '--to', to, '-'], { input: rich });
      assert.equal(r.status, 0, r.stderr);
      const v = spawnSync(IV, [file('rich.ign', r.stdout)], { encoding: 'utf8' });
      assert.equal(v.status, 0, `${to}: ${v.stdout}${v.stderr}`);
      assert.equal(v.stdout, '', to);
    }
  });
});
