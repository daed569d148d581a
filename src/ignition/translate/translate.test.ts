import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decode } from '../schema/index.js';
import { findSpecVersion } from '../versions.js';
import * as v3_0 from '../v3_0/index.js';
import type * as v3_1 from '../v3_1/index.js';
import type * as v3_2 from '../v3_2/index.js';
import type * as v3_3 from '../v3_3/index.js';
import type * as v3_4 from '../v3_4/index.js';
import type * as v3_5 from '../v3_5/index.js';
import type * as v3_6 from '../v3_6/index.js';
import {
  down3_3to3_2,
  maskSpecialBits,
  parseTargetVersion,
  translateConfig,
  up3_0to3_1,
  up3_1to3_2,
  up3_2to3_3,
  up3_3to3_4,
  up3_4to3_5,
  up3_5to3_6,
} from './index.js';
import { UP_STEPS, upgrade } from './up.js';

/** A config of `version` as the decoder produces it (zero values filled in). */
function cfg<T = any>(version: string, json: Record<string, unknown> = {}): T {
  const spec = findSpecVersion(version)!;
  const out = decode(spec.schema, { ignition: { version }, ...json });
  assert.deepEqual(out.errors, [], 'test config decodes');
  assert.deepEqual(out.unused, [], 'test config uses only keys of its version');
  return out.value as T;
}

describe('up-translation, step by step (coreos/ignition config/v3_N/translate)', () => {
  test('3.0 → 3.1: references become Resources, new fields are zero, version set', () => {
    const old = cfg<v3_0.Config>('3.0.0', {
      ignition: {
        version: '3.0.0',
        config: { merge: [{ source: 'https://e/a', verification: { hash: 'sha512-00' } }] },
        security: { tls: { certificateAuthorities: [{ source: '' }] } },
        timeouts: { httpTotal: 5 },
      },
      storage: {
        files: [{ path: '/a', contents: { compression: 'gzip', source: 'data:,x' }, append: [{ source: 'data:,y' }] }],
        filesystems: [{ device: '/dev/sda', format: 'ext4', options: ['-F'] }],
      },
    });
    const copy = structuredClone(old);
    const n = up3_0to3_1(old);
    assert.deepEqual(old, copy, 'the input is not modified');
    assert.equal(n.ignition.version, '3.1.0');
    assert.deepEqual(n.ignition.config.merge, [
      { compression: undefined, httpHeaders: [], source: 'https://e/a', verification: { hash: 'sha512-00' } },
    ]);
    // util.StrToPtr(old.Source): an empty CA source stays a set (empty) pointer.
    assert.equal(n.ignition.security.tls.certificateAuthorities[0]!.source, '');
    assert.equal(n.ignition.config.replace.source, undefined);
    assert.deepEqual(n.ignition.proxy, { httpProxy: undefined, httpsProxy: undefined, noProxy: [] });
    assert.deepEqual(n.ignition.timeouts, { httpResponseHeaders: undefined, httpTotal: 5 });
    assert.deepEqual(n.storage.files[0]!.contents, {
      compression: 'gzip',
      httpHeaders: [],
      source: 'data:,x',
      verification: { hash: undefined },
    });
    assert.equal(n.storage.files[0]!.append[0]!.source, 'data:,y');
    assert.deepEqual(n.storage.filesystems[0]!.mountOptions, []);
    assert.deepEqual(n.storage.filesystems[0]!.options, ['-F']);
  });

  test('3.1 → 3.2: resize, shouldExist unset, no luks', () => {
    const n = up3_1to3_2(
      cfg<v3_1.Config>('3.1.0', {
        storage: { disks: [{ device: '/dev/sda', partitions: [{ number: 1, sizeMiB: 10 }] }] },
        passwd: { users: [{ name: 'core' }], groups: [{ name: 'g' }] },
      }),
    );
    assert.equal(n.ignition.version, '3.2.0');
    assert.equal(n.storage.disks[0]!.partitions[0]!.resize, undefined);
    assert.equal(n.storage.disks[0]!.partitions[0]!.sizeMiB, 10);
    assert.equal(n.passwd.users[0]!.shouldExist, undefined);
    assert.equal(n.passwd.groups[0]!.shouldExist, undefined);
    assert.deepEqual(n.storage.luks, []);
  });

  test('3.2 → 3.3: raid level and link target become pointers (even ""), clevis and custom become structs', () => {
    const n = up3_2to3_3(
      cfg<v3_2.Config>('3.2.0', {
        storage: {
          raid: [{ name: 'md', devices: ['/dev/a'] }],
          links: [{ path: '/l', target: '/t' }],
          luks: [
            { name: 'a', device: '/dev/a' },
            { name: 'b', device: '/dev/b', clevis: { custom: { pin: 'tpm2', config: '{}' }, threshold: 1 } },
          ],
        },
      }),
    );
    assert.equal(n.ignition.version, '3.3.0');
    assert.equal(n.storage.raid[0]!.level, '');
    assert.equal(n.storage.links[0]!.target, '/t');
    assert.deepEqual(n.storage.luks[0]!.clevis, {
      custom: { config: undefined, needsNetwork: undefined, pin: undefined },
      tang: [],
      threshold: undefined,
      tpm2: undefined,
    });
    assert.deepEqual(n.storage.luks[1]!.clevis.custom, { config: '{}', needsNetwork: undefined, pin: 'tpm2' });
    assert.equal(n.storage.luks[1]!.clevis.threshold, 1);
    assert.deepEqual(n.kernelArguments, { shouldExist: [], shouldNotExist: [] });
  });

  test('3.3 → 3.4 → 3.5: new luks fields are unset', () => {
    const n4 = up3_3to3_4(
      cfg<v3_3.Config>('3.3.0', {
        storage: { luks: [{ name: 'a', device: '/dev/a', clevis: { tang: [{ url: 'http://t', thumbprint: 'x' }] } }] },
      }),
    );
    assert.equal(n4.ignition.version, '3.4.0');
    assert.deepEqual(n4.storage.luks[0]!.clevis.tang, [{ advertisement: undefined, thumbprint: 'x', url: 'http://t' }]);
    assert.equal(n4.storage.luks[0]!.discard, undefined);
    assert.deepEqual(n4.storage.luks[0]!.openOptions, []);
    const n5 = up3_4to3_5(n4);
    assert.equal(n5.ignition.version, '3.5.0');
    assert.deepEqual(n5.storage.luks[0]!.cex, { enabled: undefined });
  });

  test('3.5 → 3.6: special mode bits are masked out of files and directories', () => {
    const n = up3_5to3_6(
      cfg<v3_5.Config>('3.5.0', {
        storage: {
          files: [{ path: '/a', mode: 0o4755 }, { path: '/b' }, { path: '/c', mode: 0o644 }],
          directories: [{ path: '/d', mode: 0o1777 }],
        },
      }),
    );
    assert.equal(n.ignition.version, '3.6.0');
    assert.deepEqual(
      n.storage.files.map((f) => f.mode),
      [0o755, undefined, 0o644],
    );
    assert.equal(n.storage.directories[0]!.mode, 0o777);
    assert.equal(maskSpecialBits(-1), -1 & ~0o7000);
    assert.equal(maskSpecialBits(2 ** 40 + 0o7777), 2 ** 40 + 0o777);
  });

  test('translateConfig chains the steps; the same version is a copy', () => {
    const old = cfg('3.0.0', { storage: { files: [{ path: '/a', mode: 0o6755 }] } });
    const r = translateConfig(old, '3.0.0', '3.6.0');
    assert.equal(r.report.isEmpty, true);
    const n = r.config as v3_6.Config;
    assert.equal(n.ignition.version, '3.6.0');
    assert.equal(n.storage.files[0]!.mode, 0o755);
    assert.deepEqual(n, cfg('3.6.0', { storage: { files: [{ path: '/a', mode: 0o755 }] } }));
    const same = translateConfig(old, '3.0.0', '3.0.0');
    assert.deepEqual(same.config, old);
    assert.notEqual(same.config, old);
  });
});

describe('down-translation', () => {
  test('3.3 → 3.2: an empty clevis or custom struct becomes an unset pointer', () => {
    const old = cfg<v3_3.Config>('3.3.0', {
      storage: {
        raid: [{ name: 'md', level: 'raid1', devices: ['/dev/a'] }],
        luks: [
          { name: 'a', device: '/dev/a', clevis: {} },
          { name: 'b', device: '/dev/b', clevis: { tpm2: true } },
          { name: 'c', device: '/dev/c', clevis: { custom: { pin: 'tang', config: '{}' } } },
        ],
      },
    });
    const n = down3_3to3_2(old);
    assert.equal(n.ignition.version, '3.2.0');
    assert.equal(n.storage.raid[0]!.level, 'raid1');
    assert.equal(n.storage.luks[0]!.clevis, undefined);
    assert.deepEqual(n.storage.luks[1]!.clevis, { custom: undefined, tang: [], threshold: undefined, tpm2: true });
    assert.deepEqual(n.storage.luks[2]!.clevis!.custom, { config: '{}', needsNetwork: undefined, pin: 'tang' });
  });

  test('a config that uses nothing newer translates down to every version, valid there', () => {
    const n = cfg('3.6.0', {
      storage: {
        files: [
          {
            path: '/a',
            mode: 0o644,
            contents: { source: 'https://e/x', verification: { hash: `sha512-${'0'.repeat(128)}` } },
          },
        ],
      },
      systemd: { units: [{ name: 'a.service', enabled: true, contents: '[Install]\nWantedBy=multi-user.target\n' }] },
      passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['ssh-ed25519 AAAA'], shouldExist: true }] },
    });
    for (const to of ['3.0.0', '3.1.0', '3.2.0', '3.3.0', '3.4.0', '3.5.0']) {
      const r = translateConfig(n, '3.6.0', to);
      assert.deepEqual(r.report.issues, [], to);
      const c = r.config as { ignition: { version: string } };
      assert.equal(c.ignition.version, to);
      assert.deepEqual(findSpecVersion(to)!.validate(c).issues, [], `valid ${to}`);
    }
  });

  // [what, 3.6 config, refused below (minimum minor), path]
  const REFUSED: [string, Record<string, unknown>, number, string][] = [
    [
      'merge compression',
      { ignition: { version: '3.6.0', config: { merge: [{ source: 'https://e/a', compression: 'gzip' }] } } },
      1,
      'ignition.config.merge.0.compression',
    ],
    [
      'replace compression',
      { ignition: { version: '3.6.0', config: { replace: { source: 'https://e/a', compression: 'gzip' } } } },
      1,
      'ignition.config.replace.compression',
    ],
    [
      'CA compression',
      {
        ignition: {
          version: '3.6.0',
          security: { tls: { certificateAuthorities: [{ source: 'https://e/a', compression: 'gzip' }] } },
        },
      },
      1,
      'ignition.security.tls.certificateAuthorities.0.compression',
    ],
    [
      'httpHeaders',
      {
        storage: {
          files: [{ path: '/a', contents: { source: 'https://e/a', httpHeaders: [{ name: 'a', value: 'b' }] } }],
        },
      },
      1,
      'storage.files.0.contents.httpHeaders',
    ],
    [
      'httpHeaders on append',
      {
        storage: {
          files: [{ path: '/a', append: [{ source: 'https://e/a', httpHeaders: [{ name: 'a', value: 'b' }] }] }],
        },
      },
      1,
      'storage.files.0.append.0.httpHeaders',
    ],
    ['httpProxy', { ignition: { version: '3.6.0', proxy: { httpProxy: 'http://p' } } }, 1, 'ignition.proxy.httpProxy'],
    [
      'httpsProxy',
      { ignition: { version: '3.6.0', proxy: { httpsProxy: 'https://p' } } },
      1,
      'ignition.proxy.httpsProxy',
    ],
    [
      'noProxy',
      { ignition: { version: '3.6.0', proxy: { httpProxy: '', noProxy: ['a'] } } },
      1,
      'ignition.proxy.noProxy',
    ],
    [
      'mountOptions',
      { storage: { filesystems: [{ device: '/dev/a', format: 'ext4', mountOptions: ['ro'] }] } },
      1,
      'storage.filesystems.0.mountOptions',
    ],
    [
      'sha256',
      {
        storage: {
          files: [
            { path: '/a', contents: { source: 'https://e/a', verification: { hash: `sha256-${'0'.repeat(64)}` } } },
          ],
        },
      },
      1,
      'storage.files.0.contents.verification.hash',
    ],
    ['luks', { storage: { luks: [{ name: 'a', device: '/dev/a' }] } }, 2, 'storage.luks'],
    [
      'resize',
      { storage: { disks: [{ device: '/dev/a', partitions: [{ number: 1, resize: true }] }] } },
      2,
      'storage.disks.0.partitions.0.resize',
    ],
    ['user shouldExist', { passwd: { users: [{ name: 'a', shouldExist: false }] } }, 2, 'passwd.users.0.shouldExist'],
    [
      'group shouldExist',
      { passwd: { groups: [{ name: 'a', shouldExist: false }] } },
      2,
      'passwd.groups.0.shouldExist',
    ],
    [
      'gs://',
      { storage: { files: [{ path: '/a', contents: { source: 'gs://b/o' } }] } },
      2,
      'storage.files.0.contents.source',
    ],
    [
      'gs:// in merge',
      { ignition: { version: '3.6.0', config: { merge: [{ source: 'GS://b/o' }] } } },
      2,
      'ignition.config.merge.0.source',
    ],
    ['kernelArguments shouldExist', { kernelArguments: { shouldExist: ['a'] } }, 3, 'kernelArguments.shouldExist'],
    [
      'kernelArguments shouldNotExist',
      { kernelArguments: { shouldNotExist: ['a'] } },
      3,
      'kernelArguments.shouldNotExist',
    ],
    [
      'format none',
      { storage: { filesystems: [{ device: '/dev/a', format: 'none' }] } },
      3,
      'storage.filesystems.0.format',
    ],
    [
      'tang advertisement',
      {
        storage: {
          luks: [
            {
              name: 'a',
              device: '/dev/a',
              clevis: { tang: [{ url: 'http://t', thumbprint: 'x', advertisement: '{}' }] },
            },
          ],
        },
      },
      4,
      'storage.luks.0.clevis.tang.0.advertisement',
    ],
    ['discard', { storage: { luks: [{ name: 'a', device: '/dev/a', discard: true }] } }, 4, 'storage.luks.0.discard'],
    [
      'openOptions',
      { storage: { luks: [{ name: 'a', device: '/dev/a', openOptions: ['--x'] }] } },
      4,
      'storage.luks.0.openOptions',
    ],
    [
      'arn:',
      {
        storage: {
          files: [{ path: '/a', contents: { source: 'arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/o' } }],
        },
      },
      4,
      'storage.files.0.contents.source',
    ],
    [
      'arn: in a luks keyFile',
      { storage: { luks: [{ name: 'a', device: '/dev/a', keyFile: { source: 'arn:aws:s3:::b/o' } }] } },
      4,
      'storage.luks.0.keyFile.source',
    ],
    [
      'cex',
      { storage: { luks: [{ name: 'a', device: '/dev/a', cex: { enabled: true } }] } },
      5,
      'storage.luks.0.cex.enabled',
    ],
    ['file special bits', { storage: { files: [{ path: '/a', mode: 0o4755 }] } }, 6, 'storage.files.0.mode'],
    [
      'directory special bits',
      { storage: { directories: [{ path: '/a', mode: 0o1777 }] } },
      6,
      'storage.directories.0.mode',
    ],
    [
      'custom clevis pin',
      { storage: { luks: [{ name: 'a', device: '/dev/a', clevis: { custom: { pin: 'fido2', config: '{}' } } }] } },
      6,
      'storage.luks.0.clevis.custom.pin',
    ],
  ];
  for (const [what, json, min, path] of REFUSED) {
    test(`refused below 3.${min}: ${what} at $.${path}`, () => {
      const c = cfg('3.6.0', json);
      for (let to = 0; to < 6; to++) {
        const r = translateConfig(c, '3.6.0', `3.${to}.0`);
        if (to >= min) {
          assert.deepEqual(r.report.issues, [], `3.${to}.0 takes it`);
          assert.notEqual(r.config, undefined);
          continue;
        }
        assert.equal(r.config, undefined, `3.${to}.0 refuses`);
        // Below 3.2 a luks volume is refused as a whole, whatever its details.
        const at = to < 2 && path.startsWith('storage.luks.') ? 'storage.luks' : path;
        const issues = r.report.issues.filter((i) => i.path.join('.') === at);
        assert.equal(issues.length, 1, `one issue at ${path} for 3.${to}.0: ${JSON.stringify(r.report.issues)}`);
        const issue = issues[0]!;
        assert.equal(issue.code, 'IGN_TRANSLATE_FIELD_UNSUPPORTED');
        assert.equal(issue.severity, 'error');
        const needs = at === path ? min : 2;
        assert.match(
          issue.message,
          new RegExp(`needs spec 3\\.${needs}\\.0 or newer; cannot translate to 3\\.${to}\\.0$`),
        );
      }
    });
  }

  test('one issue per offending field, in walk order', () => {
    const c = cfg('3.6.0', {
      ignition: { version: '3.6.0', proxy: { httpProxy: 'http://p' } },
      kernelArguments: { shouldExist: ['a'] },
      storage: {
        files: [{ path: '/a', mode: 0o4755, contents: { source: 'gs://b/o' } }],
        filesystems: [{ device: '/dev/a', format: 'none', mountOptions: ['ro'] }],
        luks: [{ name: 'a', device: '/dev/a', discard: true }],
      },
    });
    const r = translateConfig(c, '3.6.0', '3.0.0');
    assert.deepEqual(
      r.report.issues.map((i) => i.path.join('.')),
      [
        'ignition.proxy.httpProxy',
        'kernelArguments.shouldExist',
        'storage.files.0.contents.source',
        'storage.files.0.mode',
        'storage.filesystems.0.format',
        'storage.filesystems.0.mountOptions',
        'storage.luks',
      ],
    );
    assert.deepEqual(
      translateConfig(c, '3.6.0', '3.2.0').report.issues.map((i) => i.path.join('.')),
      ['kernelArguments.shouldExist', 'storage.files.0.mode', 'storage.filesystems.0.format', 'storage.luks.0.discard'],
    );
  });

  test('fields at their default are not uses: dropped without refusal', () => {
    const c = cfg('3.6.0', {
      ignition: {
        version: '3.6.0',
        proxy: { httpProxy: '' },
        config: { replace: { source: 'https://e', compression: '' } },
      },
      passwd: { users: [{ name: 'a', shouldExist: true }] },
      storage: {
        disks: [{ device: '/dev/a', partitions: [{ number: 1, resize: false }] }],
        luks: [{ name: 'a', device: '/dev/b', discard: false, cex: { enabled: false } }],
      },
    });
    assert.deepEqual(translateConfig(c, '3.6.0', '3.2.0').report.issues, []);
    assert.deepEqual(translateConfig(c, '3.6.0', '3.4.0').report.issues, []);
  });

  test('special mode bits of a 3.5 config are kept going to 3.4 (both ignore them)', () => {
    const c = cfg('3.5.0', { storage: { files: [{ path: '/a', mode: 0o4755 }] } });
    const r = translateConfig(c, '3.5.0', '3.4.0');
    assert.deepEqual(r.report.issues, []);
    assert.equal((r.config as v3_4.Config).storage.files[0]!.mode, 0o4755);
  });
});

describe('round trips', () => {
  const key = fc.stringMatching(/^[a-z]{1,6}$/);
  const path = key.map((k) => `/etc/${k}`);
  const optBool = fc.option(fc.boolean(), { nil: undefined });
  const source = fc.option(fc.constantFrom('https://e/a', 'data:,x', 's3://b/o', 'tftp://h/f'), { nil: undefined });
  const hash = fc.option(fc.constant(`sha512-${'a'.repeat(128)}`), { nil: undefined });
  const contents = fc.record({
    compression: fc.option(fc.constant('gzip'), { nil: undefined }),
    source,
    verification: fc.record({ hash }),
  });
  const owner = fc.record({
    id: fc.option(fc.nat(1000), { nil: undefined }),
    name: fc.option(key, { nil: undefined }),
  });
  const mode = fc.option(fc.nat(0o777), { nil: undefined });
  const v30 = fc.record({
    ignition: fc.record({
      config: fc.record({
        merge: fc.array(fc.record({ source, verification: fc.record({ hash }) }), { maxLength: 2 }),
        replace: fc.record({ source, verification: fc.record({ hash }) }),
      }),
      security: fc.record({
        tls: fc.record({
          certificateAuthorities: fc.array(
            fc.record({ source: fc.constantFrom('', 'https://e/ca'), verification: fc.record({ hash }) }),
            { maxLength: 2 },
          ),
        }),
      }),
      timeouts: fc.record({
        httpResponseHeaders: fc.option(fc.nat(), { nil: undefined }),
        httpTotal: fc.option(fc.nat(), { nil: undefined }),
      }),
      version: fc.constant('3.0.0'),
    }),
    passwd: fc.record({
      groups: fc.array(
        fc.record({
          gid: fc.option(fc.nat(), { nil: undefined }),
          name: key,
          passwordHash: fc.option(key, { nil: undefined }),
          system: optBool,
        }),
        { maxLength: 2 },
      ),
      users: fc.array(
        fc.record({
          gecos: fc.option(key, { nil: undefined }),
          groups: fc.array(key, { maxLength: 2 }),
          homeDir: fc.option(path, { nil: undefined }),
          name: key,
          noCreateHome: optBool,
          noLogInit: optBool,
          noUserGroup: optBool,
          passwordHash: fc.option(key, { nil: undefined }),
          primaryGroup: fc.option(key, { nil: undefined }),
          sshAuthorizedKeys: fc.array(key, { maxLength: 2 }),
          shell: fc.option(path, { nil: undefined }),
          system: optBool,
          uid: fc.option(fc.nat(), { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
    }),
    storage: fc.record({
      directories: fc.array(fc.record({ group: owner, overwrite: optBool, path, user: owner, mode }), { maxLength: 2 }),
      disks: fc.array(
        fc.record({
          device: path,
          partitions: fc.array(
            fc.record({
              guid: fc.option(fc.uuid(), { nil: undefined }),
              label: fc.option(key, { nil: undefined }),
              number: fc.nat(9),
              shouldExist: optBool,
              sizeMiB: fc.option(fc.nat(), { nil: undefined }),
              startMiB: fc.option(fc.nat(), { nil: undefined }),
              typeGuid: fc.option(fc.uuid(), { nil: undefined }),
              wipePartitionEntry: optBool,
            }),
            { maxLength: 2 },
          ),
          wipeTable: optBool,
        }),
        { maxLength: 2 },
      ),
      files: fc.array(
        fc.record({
          group: owner,
          overwrite: optBool,
          path,
          user: owner,
          append: fc.array(contents, { maxLength: 2 }),
          contents,
          mode,
        }),
        { maxLength: 3 },
      ),
      filesystems: fc.array(
        fc.record({
          device: path,
          format: fc.option(fc.constantFrom('ext4', 'xfs', 'vfat'), { nil: undefined }),
          label: fc.option(key, { nil: undefined }),
          options: fc.array(key, { maxLength: 2 }),
          path: fc.option(path, { nil: undefined }),
          uuid: fc.option(fc.uuid(), { nil: undefined }),
          wipeFilesystem: optBool,
        }),
        { maxLength: 2 },
      ),
      links: fc.array(
        fc.record({
          group: owner,
          overwrite: optBool,
          path,
          user: owner,
          hard: optBool,
          target: fc.oneof(fc.constant(''), path),
        }),
        { maxLength: 2 },
      ),
      raid: fc.array(
        fc.record({
          devices: fc.array(path, { maxLength: 2 }),
          level: fc.constantFrom('', 'raid1'),
          name: key,
          options: fc.array(key, { maxLength: 1 }),
          spares: fc.option(fc.nat(3), { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
    }),
    systemd: fc.record({
      units: fc.array(
        fc.record({
          contents: fc.option(key, { nil: undefined }),
          dropins: fc.array(fc.record({ contents: fc.option(key, { nil: undefined }), name: key }), { maxLength: 2 }),
          enabled: optBool,
          mask: optBool,
          name: key,
        }),
        { maxLength: 2 },
      ),
    }),
  });

  test('generated 3.0 configs (their decoded shape) go up to 3.6 and back down to 3.0 unchanged', () => {
    fc.assert(
      fc.property(v30, (raw) => {
        const c = decode(v3_0.schema, raw).value;
        assert.deepEqual(
          JSON.parse(JSON.stringify(c)),
          JSON.parse(JSON.stringify(raw)),
          'the generator makes decoded 3.0 configs',
        );
        const up = translateConfig(c, '3.0.0', '3.6.0');
        assert.equal((up.config as v3_6.Config).ignition.version, '3.6.0');
        const down = translateConfig(up.config, '3.6.0', '3.0.0');
        assert.deepEqual(down.report.issues, []);
        assert.deepEqual(down.config, c);
        // the one-copy upgrade equals the steps one by one, from every version to every later one
        for (let from = 0; from < 6; from++) {
          let start: unknown = c;
          for (let m = 0; m < from; m++) start = UP_STEPS[m]!(start);
          for (let to = from + 1; to <= 6; to++) assertUpgradeIsSteps(start, from, to);
        }
        // and through every version in between
        let x: unknown = c;
        for (let m = 0; m < 6; m++) x = translateConfig(x, `3.${m}.0`, `3.${m + 1}.0`).config;
        for (let m = 6; m > 0; m--) x = translateConfig(x, `3.${m}.0`, `3.${m - 1}.0`).config;
        assert.deepEqual(x, c);
      }),
      { numRuns: 200 },
    );
  });
});

/** `upgrade(cfg, from, to)` (one projection a run) against the up-steps applied one by one: the same value, keys in the same order. */
function assertUpgradeIsSteps(cfg: unknown, from: number, to: number, name = ''): void {
  const copy = structuredClone(cfg);
  let steps: unknown = cfg;
  for (let m = from; m < to; m++) steps = UP_STEPS[m]!(steps);
  const once = upgrade(cfg, from, to);
  assert.deepEqual(once, steps, `${name} 3.${from} → 3.${to}`);
  assert.equal(JSON.stringify(once), JSON.stringify(steps), `${name} 3.${from} → 3.${to}: key order`);
  assert.deepEqual(cfg, copy, 'the input is not modified');
}

/** The corpus's 3.x configs that validate without a fatal issue: name, decoded config, version, report. */
async function* corpusConfigs() {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { validateConfigText } = await import('../validate.js');
  const dir = new URL('../../../test/fixtures/ignition/corpus/', import.meta.url);
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ign'))) {
    const r = validateConfigText(readFileSync(new URL(name, dir), 'utf8'));
    if (r.config !== undefined && !r.report.isFatal())
      yield { name, config: r.config, version: r.version!, report: r.report };
  }
}

test('every 3.x config of the corpus: the one-copy upgrade to each later version equals the steps one by one', async () => {
  let n = 0;
  for await (const r of corpusConfigs()) {
    const from = Number(/^3\.(\d)\.0$/.exec(r.version)?.[1] ?? Number.NaN);
    if (!Number.isInteger(from)) continue;
    for (let to = from + 1; to <= 6; to++) assertUpgradeIsSteps(r.config, from, to, r.name);
    n++;
  }
  assert.ok(n >= 30, `${n} configs`);
});

test('parseTargetVersion: 3.0.0 … 3.6.0 and 3.0 … 3.6', () => {
  assert.equal(parseTargetVersion('3.4.0'), '3.4.0');
  assert.equal(parseTargetVersion('3.4'), '3.4.0');
  for (const bad of ['3.7.0', '3.7', '2.3.0', '3', '3.4.1', '3.4.0-experimental', ' 3.4', 'v3.4', ''])
    assert.equal(parseTargetVersion(bad), undefined, bad);
});

test('every valid 3.x config of the corpus: up to 3.6 and back down to its version equals the original (bar special mode bits)', async () => {
  let n = 0;
  for await (const { name, ...r } of corpusConfigs()) {
    if (r.report.issues.some((i) => i.code === 'IGN_MODE_SPECIAL_BITS')) continue;
    const up = translateConfig(r.config, r.version, '3.6.0');
    const down = translateConfig(up.config, '3.6.0', r.version);
    assert.deepEqual(down.report.issues, [], name);
    assert.deepEqual(down.config, r.config, name);
    n++;
  }
  assert.ok(n >= 30, `${n} configs`);
});
