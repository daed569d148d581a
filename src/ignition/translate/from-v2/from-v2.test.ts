/** translateV23ToV30 (ign-converter's v23tov30 rules and refusals) and the in-memory 2.0 → 2.3 upgrades. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatPath } from '../../../core/index.js';
import {
  ALL_SPEC_VERSIONS,
  findSpecVersion,
  IGNITION_ISSUE_CODES,
  marshalConfig,
  TRANSLATE_VERSIONS,
  translateConfigText,
  validateConfigText,
} from '../../index.js';
import type * as v2_3 from '../../v2_3/index.js';
import * as v3_0 from '../../v3_0/index.js';
import { goPathEscape } from '../../../go/index.js';
import {
  parseFsMap,
  translateV23ToV30,
  translateV2xToV30,
  upgradeV2xToV23,
  type TranslateV23ToV30Options,
} from './index.js';

/** Decodes a 2.x config (any minor), upgrades it to 2.3. */
function decode(cfg: Record<string, unknown>, version = '2.3.0'): v2_3.Config {
  const { ignition, ...rest } = cfg;
  const r = validateConfigText(
    JSON.stringify({ ignition: { version, ...((ignition as object | undefined) ?? {}) }, ...rest }),
    { versions: ALL_SPEC_VERSIONS },
  );
  assert.ok(r.config !== undefined, JSON.stringify(r.report.issues));
  const up = upgradeV2xToV23(r.config as v2_3.Config);
  assert.ok(up !== undefined);
  return up;
}
const refusals = (
  cfg: Record<string, unknown>,
  fsMap: Record<string, string> = {},
  version = '2.3.0',
  opts: TranslateV23ToV30Options = {},
) => translateV23ToV30(decode(cfg, version), fsMap, opts).report.issues.map((i) => [i.code, formatPath(i.path)]);
const out = (
  cfg: Record<string, unknown>,
  fsMap: Record<string, string> = {},
  version = '2.3.0',
  opts: TranslateV23ToV30Options = {},
): v3_0.Config => {
  const r = translateV23ToV30(decode(cfg, version), fsMap, opts);
  assert.ok(r.config !== undefined, JSON.stringify(r.report.issues));
  return r.config;
};
const file = (extra: Record<string, unknown> = {}) => ({ filesystem: 'root', path: '/etc/a', mode: 420, ...extra });

describe('translateV23ToV30: refusals', () => {
  const ROWS: {
    name: string;
    cfg: Record<string, unknown>;
    fsMap?: Record<string, string>;
    rules?: 'flatcar';
    want: [string, string][];
  }[] = [
    {
      name: 'networkd',
      cfg: { networkd: { units: [{ name: 'a.network', contents: '[Match]' }] } },
      want: [['IGN_TRANSLATE_NETWORKD', '$.networkd.units.0']],
    },
    {
      name: 'unmapped filesystem',
      cfg: { storage: { filesystems: [{ name: 'data', mount: { device: '/dev/sdb', format: 'ext4' } }] } },
      want: [['IGN_TRANSLATE_FILESYSTEM_UNMAPPED', '$.storage.filesystems.0.name']],
    },
    {
      name: 'node on an unmapped, undefined filesystem',
      cfg: { storage: { files: [file({ filesystem: 'oem' })] } },
      want: [['IGN_TRANSLATE_FILESYSTEM_UNMAPPED', '$.storage.files.0.filesystem']],
    },
    {
      name: 'flatcar: create without force',
      cfg: {
        storage: {
          filesystems: [{ name: 'data', mount: { device: '/dev/sdb', format: 'ext4', create: { force: false } } }],
        },
      },
      fsMap: { data: '/var' },
      rules: 'flatcar',
      want: [['IGN_TRANSLATE_CREATE_NOT_FORCED', '$.storage.filesystems.0.mount.create']],
    },
    {
      name: 'coreos: create without force is not looked at (dropped)',
      cfg: {
        storage: {
          filesystems: [{ name: 'data', mount: { device: '/dev/sdb', format: 'ext4', create: { force: false } } }],
        },
      },
      fsMap: { data: '/var' },
      want: [],
    },
    {
      name: 'flatcar: networkd units and unmapped filesystems are not refused',
      cfg: {
        networkd: { units: [{ name: 'a.network', contents: '[Match]' }] },
        storage: { filesystems: [{ name: 'data', mount: { device: '/dev/sdb', format: 'ext4' } }] },
      },
      rules: 'flatcar',
      want: [],
    },
    {
      name: 'conflicting inodes (file and directory)',
      cfg: { storage: { files: [file({ path: '/x' })], directories: [{ filesystem: 'root', path: '/x', mode: 493 }] } },
      want: [['IGN_TRANSLATE_CONFLICTING_INODES', '$.storage.directories.0.path']],
    },
    {
      name: 'conflicting inodes through the filesystem map',
      cfg: {
        storage: {
          filesystems: [{ name: 'var', mount: { device: '/dev/sdb', format: 'xfs' } }],
          files: [file({ path: '/var/log/x' }), file({ filesystem: 'var', path: '/log/x' })],
        },
      },
      fsMap: { var: '/var' },
      want: [['IGN_TRANSLATE_CONFLICTING_INODES', '$.storage.files.1.path']],
    },
    {
      name: 'duplicate file',
      cfg: { storage: { files: [file(), file()] } },
      want: [['IGN_TRANSLATE_CONFLICTING_INODES', '$.storage.files.1.path']],
    },
    {
      name: 'path through a link of the config',
      cfg: {
        storage: {
          links: [{ filesystem: 'root', path: '/opt', target: '/var/opt' }],
          files: [file({ path: '/opt/a' })],
        },
      },
      want: [['IGN_TRANSLATE_USES_OWN_LINK', '$.storage.files.0.path']],
    },
    {
      name: 'flatcar: a sibling with the link as a string prefix is fine (path prefix)',
      cfg: {
        storage: {
          links: [{ filesystem: 'root', path: '/opt', target: '/var/opt' }],
          files: [file({ path: '/optx' })],
        },
      },
      rules: 'flatcar',
      want: [],
    },
    {
      name: 'coreos: a sibling with the link as a string prefix is refused (string prefix)',
      cfg: {
        storage: {
          links: [{ filesystem: 'root', path: '/opt', target: '/var/opt' }],
          files: [file({ path: '/optx' })],
        },
      },
      want: [['IGN_TRANSLATE_USES_OWN_LINK', '$.storage.files.0.path']],
    },
    {
      name: 'link through a link',
      cfg: {
        storage: {
          links: [
            { filesystem: 'root', path: '/a', target: '/b' },
            { filesystem: 'root', path: '/a/c', target: '/d' },
          ],
        },
      },
      want: [['IGN_TRANSLATE_USES_OWN_LINK', '$.storage.links.1.path']],
    },
    {
      name: 'duplicate unit',
      cfg: {
        systemd: {
          units: [
            { name: 'a.service', mask: true },
            { name: 'a.service', enable: true },
          ],
        },
      },
      want: [['IGN_TRANSLATE_DUPLICATE_UNIT', '$.systemd.units.1.name']],
    },
    {
      name: 'duplicate drop-in',
      cfg: { systemd: { units: [{ name: 'a.service', dropins: [{ name: 'x.conf' }, { name: 'x.conf' }] }] } },
      want: [['IGN_TRANSLATE_DUPLICATE_DROPIN', '$.systemd.units.0.dropins.1.name']],
    },
    {
      name: 'invalid input',
      cfg: { storage: { files: [file({ path: 'rel' })] } },
      want: [
        ['IGN_TRANSLATE_INPUT_INVALID', '$'],
        ['IGN_PATH_NOT_ABSOLUTE', '$.storage.files.0.path'],
      ],
    },
    {
      name: 'deprecated partition size',
      cfg: { storage: { disks: [{ device: '/dev/sda', partitions: [{ number: 1, size: 2048 }] }] } },
      want: [
        ['IGN_TRANSLATE_INPUT_INVALID', '$'],
        ['IGN_PARTITION_SIZE_DEPRECATED', '$.storage.disks.0.partitions.0.size'],
      ],
    },
    {
      name: 'every refusal is reported, not only the first',
      cfg: {
        networkd: { units: [{ name: 'a.network' }] },
        systemd: { units: [{ name: 'a.service' }, { name: 'a.service' }] },
      },
      want: [
        ['IGN_TRANSLATE_NETWORKD', '$.networkd.units.0'],
        ['IGN_TRANSLATE_DUPLICATE_UNIT', '$.systemd.units.1.name'],
      ],
    },
    {
      name: 'output invalid for 3.0 (hard link to a directory of the config)',
      cfg: {
        storage: {
          directories: [{ filesystem: 'root', path: '/d', mode: 493 }],
          links: [{ filesystem: 'root', path: '/l', target: '/d', hard: true }],
        },
      },
      want: [
        ['IGN_TRANSLATE_RESULT_INVALID', '$'],
        ['IGN_HARD_LINK_TO_DIRECTORY', '$.storage.links.0'],
      ],
    },
  ];
  for (const row of ROWS) {
    test(row.name, () =>
      assert.deepEqual(
        refusals(row.cfg, row.fsMap, '2.3.0', row.rules === undefined ? {} : { rules: row.rules }),
        row.want,
      ),
    );
  }
  test("messages are ign-converter's", () => {
    const m = (cfg: Record<string, unknown>) => translateV23ToV30(decode(cfg), {}).report.issues.map((i) => i.message);
    assert.deepEqual(m({ networkd: { units: [{ name: 'a.network' }] } }), [
      'config includes deprecated networkd section - use Files instead',
    ]);
    assert.deepEqual(m({ systemd: { units: [{ name: 'a.service' }, { name: 'a.service' }] } }), [
      'Config has duplicate unit name "a.service".  All units must specify a unique `name`.',
    ]);
    assert.deepEqual(
      m({ storage: { files: [file({ contents: { source: 'data:,' } }), file({ contents: { source: 'data:,' } })] } }),
      [
        'Config has conflicting inodes: "File: /etc/a" and "File: /etc/a".  All files, directories and links must specify a unique `path`.',
      ],
    );
  });
});

describe('translateV23ToV30: mapping', () => {
  test('a ct-style 2.2/2.3 config with a CA (source and hash) translates to every 3.x target without an issue', () => {
    const h = `sha512-${'b'.repeat(128)}`;
    for (const version of ['2.2.0', '2.3.0']) {
      const text = JSON.stringify({
        ignition: {
          config: {},
          security: { tls: { certificateAuthorities: [{ source: 'https://x/ca.pem', verification: { hash: h } }] } },
          timeouts: {},
          version,
        },
        networkd: {},
        passwd: {},
        storage: {},
        systemd: {},
      });
      for (const to of TRANSLATE_VERSIONS) {
        const r = translateConfigText(text, to);
        assert.deepEqual(r.report.issues, [], `${version} → ${to}`);
        assert.deepEqual(JSON.parse(marshalConfig(findSpecVersion(to)!.schema, r.config, { omitEmptyStructs: true })), {
          ignition: {
            security: { tls: { certificateAuthorities: [{ source: 'https://x/ca.pem', verification: { hash: h } }] } },
            version: to,
          },
        });
      }
    }
  });

  test('append → merge, replace, CAs, timeouts, hash copied', () => {
    const h = `sha512-${'a'.repeat(128)}`;
    const c = out({
      ignition: {
        config: {
          append: [{ source: 'https://x/a.ign', verification: { hash: h } }],
          replace: { source: 'https://x/r.ign' },
        },
        security: { tls: { certificateAuthorities: [{ source: 'https://x/ca.pem' }] } },
        timeouts: { httpTotal: 5 },
      },
    });
    assert.equal(c.ignition.version, '3.0.0');
    assert.deepEqual(c.ignition.config.merge, [{ source: 'https://x/a.ign', verification: { hash: h } }]);
    assert.deepEqual(c.ignition.config.replace, { source: 'https://x/r.ign', verification: { hash: undefined } });
    assert.deepEqual(c.ignition.security.tls.certificateAuthorities, [
      { source: 'https://x/ca.pem', verification: { hash: undefined } },
    ]);
    assert.deepEqual(c.ignition.timeouts, { httpResponseHeaders: undefined, httpTotal: 5 });
  });

  test('files: overwrite defaults to true (2.x), paths joined with the filesystem mount path, empty values dropped', () => {
    const c = out(
      {
        storage: {
          filesystems: [
            { name: 'var', mount: { device: '/dev/sdb', format: 'xfs', wipeFilesystem: true, label: 'VAR' } },
          ],
          files: [file({ filesystem: 'var', path: '/lib/x', contents: { source: 'data:,x' }, user: { name: 'core' } })],
        },
      },
      { var: '/var' },
    );
    assert.deepEqual(c.storage.files, [
      {
        group: { id: undefined, name: undefined },
        overwrite: true,
        path: '/var/lib/x',
        user: { id: undefined, name: 'core' },
        append: [],
        contents: { compression: undefined, source: 'data:,x', verification: { hash: undefined } },
        mode: 420,
      },
    ]);
    assert.deepEqual(c.storage.filesystems, [
      {
        device: '/dev/sdb',
        format: 'xfs',
        label: 'VAR',
        options: [],
        path: '/var',
        uuid: undefined,
        wipeFilesystem: true,
      },
    ]);
  });

  test('explicit overwrite false is kept; append: true → overwrite false + append list', () => {
    const c = out({
      storage: {
        files: [
          file({ overwrite: false }),
          file({ path: '/etc/b', append: true, contents: { source: 'data:,more', compression: '' } }),
        ],
      },
    });
    assert.equal(c.storage.files[0]!.overwrite, false);
    assert.equal(c.storage.files[1]!.overwrite, false);
    assert.deepEqual(c.storage.files[1]!.append, [
      { compression: undefined, source: 'data:,more', verification: { hash: undefined } },
    ]);
    assert.deepEqual(c.storage.files[1]!.contents, {
      compression: undefined,
      source: undefined,
      verification: { hash: undefined },
    });
  });

  test('a path filesystem (no mount) maps itself and is not emitted (Hull; ign-converter refuses or emits a deviceless one)', () => {
    const c = out({
      storage: {
        filesystems: [{ name: 'oem', path: '/usr/share/oem' }],
        files: [file({ filesystem: 'oem', path: '/grub.cfg' })],
      },
    });
    assert.deepEqual(c.storage.filesystems, []);
    assert.equal(c.storage.files[0]!.path, '/usr/share/oem/grub.cfg');
    const mapped = out(
      {
        storage: {
          filesystems: [{ name: 'oem', path: '/usr/share/oem' }],
          files: [file({ filesystem: 'oem', path: '/grub.cfg' })],
        },
      },
      { oem: '/oem' },
    );
    assert.equal(mapped.storage.files[0]!.path, '/oem/grub.cfg');
  });

  test('coreos: mount.create is dropped', () => {
    const c = out(
      {
        storage: {
          filesystems: [
            { name: 'd', mount: { device: '/dev/sdb', format: 'ext4', create: { force: true, options: ['-m', '0'] } } },
          ],
        },
      },
      { d: '/data' },
    );
    assert.deepEqual(c.storage.filesystems, [
      {
        device: '/dev/sdb',
        format: 'ext4',
        label: undefined,
        options: [],
        path: '/data',
        uuid: undefined,
        wipeFilesystem: undefined,
      },
    ]);
  });

  test('flatcar: root filesystem dropped (implicit); create with force → wipeFilesystem + options', () => {
    const c = out(
      {
        storage: {
          filesystems: [
            { name: 'root', mount: { device: '/dev/sda9', format: 'ext4' } },
            { name: 'd', mount: { device: '/dev/sdb', format: 'ext4', create: { force: true, options: ['-m', '0'] } } },
          ],
        },
      },
      { d: '/data' },
      '2.3.0',
      { rules: 'flatcar' },
    );
    assert.deepEqual(c.storage.filesystems, [
      {
        device: '/dev/sdb',
        format: 'ext4',
        label: undefined,
        options: ['-m', '0'],
        path: '/data',
        uuid: undefined,
        wipeFilesystem: true,
      },
    ]);
  });

  const UNITS: [string, Record<string, unknown>, boolean | undefined][] = [
    ['enable: true', { enable: true }, true],
    ['enabled: true', { enabled: true }, true],
    ['enabled: false', { enabled: false }, false],
    ['enable: true, enabled: false (explicit false wins)', { enable: true, enabled: false }, false],
    ['neither', {}, undefined],
  ];
  for (const [name, u, want] of UNITS) {
    test(`units: ${name}`, () => {
      const c = out({ systemd: { units: [{ name: 'a.service', contents: '[Install]\nWantedBy=x', ...u }] } });
      assert.equal(c.systemd.units[0]!.enabled, want);
    });
  }

  test('false and empty values become unset; spares 0 dropped', () => {
    const c = out({
      passwd: {
        users: [{ name: 'core', shell: '', system: false, sshAuthorizedKeys: ['ssh-ed25519 A'] }],
        groups: [{ name: 'g', system: false }],
      },
      systemd: { units: [{ name: 'a.service', mask: false, dropins: [{ name: 'x.conf', contents: '' }] }] },
      storage: {
        disks: [
          {
            device: '/dev/sda',
            wipeTable: false,
            partitions: [{ number: 1, label: 'ROOT', sizeMiB: 100, typeGuid: '' }],
          },
        ],
        raid: [{ name: 'md', level: 'raid1', devices: ['/dev/a', '/dev/b'], spares: 0 }],
        links: [{ filesystem: 'root', path: '/l', target: '/t', hard: false }],
      },
    });
    assert.deepEqual(c.passwd.users[0], {
      gecos: undefined,
      groups: [],
      homeDir: undefined,
      name: 'core',
      noCreateHome: undefined,
      noLogInit: undefined,
      noUserGroup: undefined,
      passwordHash: undefined,
      primaryGroup: undefined,
      sshAuthorizedKeys: ['ssh-ed25519 A'],
      shell: undefined,
      system: undefined,
      uid: undefined,
    });
    assert.deepEqual(c.passwd.groups[0], { gid: undefined, name: 'g', passwordHash: undefined, system: undefined });
    assert.deepEqual(c.systemd.units[0], {
      contents: undefined,
      dropins: [{ contents: undefined, name: 'x.conf' }],
      enabled: undefined,
      mask: undefined,
      name: 'a.service',
    });
    assert.deepEqual(c.storage.disks[0], {
      device: '/dev/sda',
      partitions: [
        {
          guid: undefined,
          label: 'ROOT',
          number: 1,
          shouldExist: undefined,
          sizeMiB: 100,
          startMiB: undefined,
          typeGuid: undefined,
          wipePartitionEntry: undefined,
        },
      ],
      wipeTable: undefined,
    });
    assert.equal(c.storage.raid[0]!.spares, undefined);
    assert.equal(c.storage.links[0]!.hard, undefined);
  });

  test("a user's deprecated create object: flatcar moves its fields to the user, coreos drops them", () => {
    const cfg = { passwd: { users: [{ name: 'a', create: { uid: 1001, shell: '/bin/zsh', groups: ['wheel'] } }] } };
    const u = out(cfg, {}, '2.3.0', { rules: 'flatcar' }).passwd.users[0]!;
    assert.deepEqual([u.uid, u.shell, u.groups], [1001, '/bin/zsh', ['wheel']]);
    const v = out(cfg).passwd.users[0]!;
    assert.deepEqual([v.uid, v.shell, v.groups], [undefined, undefined, []]);
  });

  test('flatcar: an unmapped filesystem is mounted at /tmp/<name>-ignN, oem at /usr/share/oem as btrfs, an unnamed one gets no path', () => {
    const c = out(
      {
        storage: {
          filesystems: [
            { name: 'a', mount: { device: '/dev/sdb', format: 'ext4' } },
            { name: 'b', mount: { device: '/dev/sdc', format: 'xfs' } },
            { name: 'oem', mount: { device: '/dev/sda6', format: 'ext4' } },
            { mount: { device: '/dev/sdd', format: 'ext4', wipeFilesystem: true } },
          ],
          files: [file({ filesystem: 'b', path: '/f' })],
        },
      },
      { b: '/bee' },
      '2.3.0',
      { rules: 'flatcar' },
    );
    assert.deepEqual(
      c.storage.filesystems.map((f) => [f.path, f.format]),
      [
        ['/tmp/a-ign1', 'ext4'],
        ['/bee', 'xfs'],
        ['/usr/share/oem', 'btrfs'],
        [undefined, 'ext4'],
      ],
    );
    assert.equal(c.storage.files[0]!.path, '/bee/f');
  });

  test('flatcar: networkd units and drop-ins become files under /etc/systemd/network (data URL as Go url.PathEscape)', () => {
    const c = out(
      {
        networkd: {
          units: [
            { name: 'a.network', contents: '[Match]\nName=e* # é', dropins: [{ name: 'x.conf', contents: 'A=1' }] },
            { name: 'b.netdev', dropins: [] },
          ],
        },
      },
      {},
      '2.3.0',
      { rules: 'flatcar' },
    );
    assert.deepEqual(
      c.storage.files.map((f) => [f.path, f.mode, f.overwrite, f.contents.source]),
      [
        ['/etc/systemd/network/a.network', 0o644, true, 'data:,%5BMatch%5D%0AName=e%2A%20%23%20%C3%A9'],
        ['/etc/systemd/network/a.network.d/x.conf', 0o644, true, 'data:,A=1'],
      ],
    );
    assert.equal(goPathEscape("a/b;c,d?e $&+:=@~-_.!'()*"), 'a%2Fb%3Bc%2Cd%3Fe%20$&+:=@~-_.%21%27%28%29%2A');
  });

  test('flatcar with mergeUnits (v24tov31): units of one name merged, the later set fields winning, drop-ins by name', () => {
    const cfg = {
      systemd: {
        units: [
          { name: 'a.service', contents: '[Unit]\nA=1', dropins: [{ name: '1.conf', contents: 'x' }] },
          { name: 'b.service', mask: true },
          {
            name: 'a.service',
            enabled: true,
            dropins: [
              { name: '1.conf', contents: 'y' },
              { name: '2.conf', contents: 'z' },
            ],
          },
        ],
      },
    };
    assert.deepEqual(refusals(cfg, {}, '2.3.0', { rules: 'flatcar' }), [
      ['IGN_TRANSLATE_DUPLICATE_UNIT', '$.systemd.units.2.name'],
    ]);
    const c = out(cfg, {}, '2.3.0', { rules: 'flatcar', mergeUnits: true });
    assert.deepEqual(c.systemd.units, [
      {
        contents: '[Unit]\nA=1',
        dropins: [
          { name: '1.conf', contents: 'y' },
          { name: '2.conf', contents: 'z' },
        ],
        enabled: true,
        mask: undefined,
        name: 'a.service',
      },
      { contents: undefined, dropins: [], enabled: undefined, mask: true, name: 'b.service' },
    ]);
  });

  test('several append entries and CAs translate, each its own (ign-converter makes every one the last, then refuses)', () => {
    const cfg = {
      ignition: {
        version: '2.3.0',
        config: { append: [{ source: 'https://e/a' }, { source: 'https://e/b' }] },
        security: { tls: { certificateAuthorities: [{ source: 'https://e/ca1' }, { source: 'https://e/ca2' }] } },
      },
    };
    for (const rules of ['coreos', 'flatcar'] as const) {
      const c = out(cfg, {}, '2.3.0', { rules });
      assert.deepEqual(
        c.ignition.config.merge.map((m) => m.source),
        ['https://e/a', 'https://e/b'],
      );
      assert.deepEqual(
        c.ignition.security.tls.certificateAuthorities.map((m) => m.source),
        ['https://e/ca1', 'https://e/ca2'],
      );
    }
  });

  test('the result is a valid 3.0.0 config', () => {
    const c = out({
      storage: {
        files: [file({ contents: { source: 'data:,x' } })],
        directories: [{ filesystem: 'root', path: '/d', mode: 493 }],
      },
    });
    assert.deepEqual(v3_0.validate(c).issues, []);
  });
});

describe('upgradeV2xToV23: 2.0 → 2.1 → 2.2 → 2.3 in memory', () => {
  test('unknown versions are undefined', () => {
    assert.equal(upgradeV2xToV23({ ignition: { version: '3.0.0' } } as unknown as v2_3.Config), undefined);
  });
  test('2.0 files, users and units upgrade and translate', () => {
    const c = out(
      {
        storage: {
          files: [
            { filesystem: 'root', path: '/etc/a', mode: 420, user: { id: 500 }, contents: { source: 'data:,x' } },
          ],
        },
        systemd: { units: [{ name: 'a.service', enable: true, contents: '[Install]\nWantedBy=x' }] },
        passwd: { users: [{ name: 'core', passwordHash: 'h', sshAuthorizedKeys: ['k'] }] },
      },
      {},
      '2.0.0',
    );
    assert.equal(c.storage.files[0]!.path, '/etc/a');
    assert.deepEqual(c.storage.files[0]!.user, { id: 500, name: undefined });
    assert.equal(c.storage.files[0]!.overwrite, true);
    assert.equal(c.systemd.units[0]!.enabled, true);
    assert.equal(c.passwd.users[0]!.passwordHash, 'h');
  });
  test('2.1 mode (plain int) becomes a pointer; 2.2 adds security and append', () => {
    const up = decode({ storage: { files: [file({ mode: 0 })] } }, '2.1.0');
    assert.equal(up.ignition.version, '2.3.0');
    assert.equal(up.storage.files[0]!.mode, 0);
    assert.equal(up.storage.files[0]!.append, false);
    assert.deepEqual(up.ignition.security.tls.certificateAuthorities, []);
  });
  test('2.2 partitions: zero size/start left unset (translatable), non-zero kept in sectors (refused as deprecated)', () => {
    const zero = decode(
      { storage: { disks: [{ device: '/dev/sda', partitions: [{ number: 1, label: 'A' }] }] } },
      '2.2.0',
    );
    assert.deepEqual(zero.storage.disks[0]!.partitions[0], {
      guid: '',
      label: 'A',
      number: 1,
      shouldExist: undefined,
      size: undefined,
      sizeMiB: undefined,
      start: undefined,
      startMiB: undefined,
      typeGuid: '',
      wipePartitionEntry: false,
    });
    assert.deepEqual(
      refusals({ storage: { disks: [{ device: '/dev/sda', partitions: [{ number: 1, start: 2048 }] }] } }, {}, '2.2.0'),
      [
        ['IGN_TRANSLATE_INPUT_INVALID', '$'],
        ['IGN_PARTITION_START_DEPRECATED', '$.storage.disks.0.partitions.0.start'],
      ],
    );
  });
  test('2.0 filesystem create → 2.3 create (translated as forced wipe)', () => {
    const c = out(
      {
        storage: {
          filesystems: [
            { name: 'd', mount: { device: '/dev/sdb', format: 'btrfs', create: { force: true, options: ['-f'] } } },
          ],
        },
      },
      { d: '/d' },
      '2.0.0',
      { rules: 'flatcar' },
    );
    assert.deepEqual(c.storage.filesystems[0]!.options, ['-f']);
    assert.equal(c.storage.filesystems[0]!.wipeFilesystem, true);
  });
});

describe('parseFsMap and translateV2xToV30', () => {
  const ROWS: [string, string, Record<string, string> | undefined][] = [
    ['one line', 'var /var', { var: '/var' }],
    ['final newline accepted', 'var /var\noem /usr/share/oem\n', { var: '/var', oem: '/usr/share/oem' }],
    ['empty line inside', 'var /var\n\noem /oem', undefined],
    ['three parts', 'var /var x', undefined],
    ['tab separated', 'var\t/var', undefined],
    ['CRLF line ends', 'var /var\r\noem /oem\r\n', { var: '/var', oem: '/oem' }],
    ['empty file', '', {}],
    ['a lone newline', '\n', undefined],
    ['the last of a name given twice wins', 'var /a\nvar /b', { var: '/b' }],
    ['__proto__ is a name like any other', '__proto__ /p', { ['__proto__']: '/p' }],
  ];
  for (const [name, text, want] of ROWS) {
    test(name, () => {
      const r = parseFsMap(text);
      assert.deepEqual(r.map === undefined ? undefined : { ...r.map }, want);
      if (r.map) assert.equal(Object.getPrototypeOf(r.map), null);
      if (want === undefined) assert.equal(r.report.issues[0]?.code, 'IGN_TRANSLATE_FSMAP_INVALID');
    });
  }
  test('translateV2xToV30 upgrades first; a 3.x config is refused', () => {
    const r = validateConfigText(
      '{"ignition":{"version":"2.1.0"},"storage":{"directories":[{"filesystem":"root","path":"/d","mode":493}]}}',
      { versions: ALL_SPEC_VERSIONS },
    );
    const t = translateV2xToV30(r.config as v2_3.Config, {});
    assert.equal(t.config?.storage.directories[0]?.path, '/d');
    assert.equal(
      translateV2xToV30({ ignition: { version: '3.0.0' } } as unknown as v2_3.Config, {}).report.issues[0]?.code,
      'IGN_VERSION_UNSUPPORTED',
    );
  });
});

describe('translateV23ToV30: property', () => {
  const PATHS = ['/a', '/a/b', '/a/b/c', '/opt', '/opt/x', '/etc/systemd/system/a.service', 'rel', '/'];
  const node = { filesystem: fc.constantFrom('root', 'var', 'oem'), path: fc.constantFrom(...PATHS) };
  const cfgArb = fc.record({
    storage: fc.record({
      filesystems: fc.array(
        fc.record({
          name: fc.constantFrom('var', 'root', 'data'),
          mount: fc.constant({ device: '/dev/sdb', format: 'ext4' }),
        }),
        { maxLength: 2 },
      ),
      files: fc.array(
        fc
          .record({
            ...node,
            append: fc.boolean(),
            overwrite: fc.option(fc.boolean(), { nil: undefined }),
            mode: fc.constant(420),
            contents: fc.record({ source: fc.constantFrom('', 'data:,x', 'ftp://x') }),
          })
          .map((f) => JSON.parse(JSON.stringify(f)) as unknown),
        { maxLength: 3 },
      ),
      directories: fc.array(
        fc.record({
          filesystem: fc.constantFrom('root', 'var'),
          path: fc.constantFrom(...PATHS),
          mode: fc.constant(493),
        }),
        { maxLength: 2 },
      ),
      links: fc.array(
        fc.record({
          filesystem: fc.constantFrom('root', 'var'),
          path: fc.constantFrom(...PATHS),
          target: fc.constantFrom('/t', '/a'),
          hard: fc.boolean(),
        }),
        { maxLength: 2 },
      ),
    }),
    systemd: fc.record({
      units: fc.array(
        fc
          .record({
            name: fc.constantFrom('a.service', 'b.service', 'c.txt'),
            enable: fc.boolean(),
            enabled: fc.option(fc.boolean(), { nil: undefined }),
            dropins: fc.array(fc.record({ name: fc.constantFrom('x.conf', 'y.conf') }), { maxLength: 2 }),
          })
          .map((u) => JSON.parse(JSON.stringify(u)) as unknown),
        { maxLength: 3 },
      ),
    }),
  });
  const at = (value: unknown, path: readonly (string | number)[]): unknown =>
    path.reduce<unknown>(
      (v, k) => (v === undefined || v === null ? undefined : (v as Record<string | number, unknown>)[k]),
      value,
    );

  test('never throws; a config comes back only when valid for 3.0; every refusal points into the input', () => {
    fc.assert(
      fc.property(
        cfgArb,
        fc.constantFrom<Record<string, string>>({}, { var: '/var' }, { var: '/var', data: '/data' }),
        (cfg, fsMap) => {
          const r = validateConfigText(JSON.stringify({ ignition: { version: '2.3.0' }, ...cfg }), {
            versions: ALL_SPEC_VERSIONS,
          });
          if (r.config === undefined) return;
          const t = translateV23ToV30(r.config as v2_3.Config, fsMap);
          for (const i of t.report.issues) assert.ok(i.code in IGNITION_ISSUE_CODES, i.code);
          if (t.config !== undefined) {
            assert.deepEqual(
              v3_0.validate(t.config).issues.filter((i) => i.severity === 'error'),
              [],
            );
            assert.equal(t.config.storage.files.length, cfg.storage.files.length);
          } else {
            const first = t.report.issues[0]!;
            assert.equal(first.severity, 'error');
            if (first.code !== 'IGN_TRANSLATE_INPUT_INVALID' && first.code !== 'IGN_TRANSLATE_RESULT_INVALID') {
              for (const i of t.report.issues) assert.notEqual(at(r.config, i.path), undefined, formatPath(i.path));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
