/**
 * Spec 1 (`"ignitionVersion": 1`): how validateConfigText selects it, and its rules (Ignition
 * v0.35.0 config/v1/types, run by its reflection walker), as [code, path] rows and messages.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPath } from '../../core/index.js';
import { ALL_SPEC_VERSIONS, validateConfigText } from '../index.js';

const v1 = (rest: Record<string, unknown> = {}) => JSON.stringify({ ignitionVersion: 1, ...rest });
const run = (text: string) => validateConfigText(text, { versions: ALL_SPEC_VERSIONS });
const issues = (text: string) =>
  run(text)
    .report.issues.filter((i) => i.code !== 'IGN_CONFIG_DEPRECATED')
    .map((i) => [i.code, formatPath(i.path)]);
const fs = (f: Record<string, unknown>) => ({
  storage: { filesystems: [{ device: '/dev/sdb', format: 'ext4', ...f }] },
});
const file = (f: Record<string, unknown>) => fs({ files: [{ path: '/a', contents: 'x', ...f }] });
const disk = (d: Record<string, unknown>) => ({ storage: { disks: [{ device: '/dev/sdb', ...d }] } });
const F = '$.storage.filesystems.0';

describe('spec 1: selection', () => {
  test('a config with ignitionVersion 1 is spec 1 (version "1"), with Ignition\'s deprecation warning', () => {
    const r = run(v1());
    assert.equal(r.version, '1');
    assert.ok(r.config !== undefined);
    assert.deepEqual(
      r.report.issues.map((i) => [i.severity, i.code, formatPath(i.path), i.message]),
      [['warning', 'IGN_CONFIG_DEPRECATED', '$.ignitionVersion', 'config format deprecated']],
    );
  });
  test('without the 2.x versions (ignition-validate, no --accept-v2) it stays refused as a 3.x validator refuses it', () => {
    assert.deepEqual(
      validateConfigText(v1()).report.issues.map((i) => i.code),
      ['IGN_VERSION_INVALID'],
    );
  });
  test("ignition.version older than 2.0.0 (or absent) falls back to spec 1, as Ignition's 2.0 parser does; 2.0.0 does not", () => {
    assert.equal(run('{"ignition":{"version":"1.0.0"},"ignitionVersion":1}').version, '1');
    assert.deepEqual(issues('{"ignition":{"version":"1.0.0"},"ignitionVersion":1}'), [
      ['IGN_UNUSED_KEY', '$.ignition'],
    ]);
    const v20 = run('{"ignition":{"version":"2.0.0"},"ignitionVersion":1}');
    assert.equal(v20.version, '2.0.0');
    assert.deepEqual(
      v20.report.issues.map((i) => [i.code, i.message]),
      [['IGN_UNUSED_KEY', 'Config has unrecognized key: ignitionVersion']],
    );
  });
  test('ignitionVersion other than 1: unsupported; not an int: a type error; neither key: the 3.x message', () => {
    assert.deepEqual(issues('{"ignitionVersion":2}'), [['IGN_VERSION_UNSUPPORTED', '$.ignitionVersion']]);
    assert.equal(run('{"ignitionVersion":2}').version, undefined);
    const str = run('{"ignitionVersion":"1"}').report.issues;
    assert.deepEqual(
      str.map((i) => [i.code, i.message]),
      [['IGN_TYPE_MISMATCH', 'json: cannot unmarshal string into Go struct field Config.ignitionVersion of type int']],
    );
    assert.deepEqual(issues('{}'), [['IGN_VERSION_INVALID', '$']]);
  });
  test('issues carry line:col of the spec 1 text', () => {
    const text = '{"ignitionVersion":1,\n "storage":{"filesystems":[{"device":"/dev/sdb","format":"zfs"}]}}';
    const i = run(text).report.issues.find((x) => x.code === 'IGN_FILESYSTEM_FORMAT_INVALID')!;
    assert.equal(formatPath(i.path), `${F}.format`);
    // At the value, as for 2.x (Ignition 0.x's own columns are not reproduced: docs/ignition.md).
    assert.deepEqual([i.range?.start.line, i.range?.start.column], [2, text.split('\n')[1]!.indexOf('"zfs"') + 1]);
  });
});

const ROWS: [string, Record<string, unknown>, [string, string][]][] = [
  [
    'a clean config',
    {
      ...file({ mode: 420, uid: 1, gid: 2 }),
      systemd: { units: [{ name: 'a.service', dropins: [{ name: 'x.conf' }] }] },
      networkd: { units: [{ name: 'a.network' }] },
      passwd: { users: [{ name: 'u', create: { uid: 5 } }], groups: [{ name: 'g', gid: 5 }] },
    },
    [],
  ],
  ['relative file path', file({ path: 'etc/a' }), [['IGN_PATH_NOT_ABSOLUTE', `${F}.files.0.path`]]],
  ['empty file path', file({ path: '' }), [['IGN_PATH_NOT_ABSOLUTE', `${F}.files.0.path`]]],
  ['illegal mode', file({ mode: 0o10000 }), [['IGN_MODE_ILLEGAL', `${F}.files.0.mode`]]],
  ['special bits are legal', file({ mode: 0o7777 }), []],
  [
    'filesystem device relative, format unknown',
    fs({ device: 'sdb', format: 'zfs' }),
    [
      ['IGN_PATH_NOT_ABSOLUTE', `${F}.device`],
      ['IGN_FILESYSTEM_FORMAT_INVALID', `${F}.format`],
    ],
  ],
  [
    'format missing (zero values are validated too)',
    { storage: { filesystems: [{ device: '/dev/sdb' }] } },
    [['IGN_FILESYSTEM_FORMAT_INVALID', `${F}.format`]],
  ],
  ['swap and vfat came with 2.1', fs({ format: 'vfat' }), [['IGN_FILESYSTEM_FORMAT_INVALID', `${F}.format`]]],
  [
    'disk without device (Disk.Validate stops the walk)',
    disk({ device: '', partitions: [{ number: 1, label: 'x'.repeat(40) }] }),
    [['IGN_DISK_DEVICE_REQUIRED', '$.storage.disks.0']],
  ],
  [
    'two partitions numbered 0 collide in spec 1',
    disk({ partitions: [{ number: 0 }, { number: 0, label: 'b' }] }),
    [['IGN_PARTITION_NUMBERS_COLLIDE', '$.storage.disks.0']],
  ],
  [
    'overlap and misaligned',
    disk({
      partitions: [
        { number: 1, start: 2048, size: 4096 },
        { number: 2, start: 4097, size: 10 },
      ],
    }),
    [
      ['IGN_PARTITIONS_OVERLAP', '$.storage.disks.0'],
      ['IGN_PARTITIONS_MISALIGNED', '$.storage.disks.0'],
    ],
  ],
  ['relative disk device', disk({ device: 'sdb' }), [['IGN_PATH_NOT_ABSOLUTE', '$.storage.disks.0.device']]],
  [
    'partition label of 37 bytes, bad type GUID',
    disk({ partitions: [{ number: 1, label: 'é'.repeat(19), typeGuid: 'nope' }] }),
    [
      ['IGN_PARTITION_LABEL_TOO_LONG', '$.storage.disks.0.partitions.0.label'],
      ['IGN_GUID_INVALID', '$.storage.disks.0.partitions.0.typeGuid'],
    ],
  ],
  [
    'raid level unknown',
    { storage: { raid: [{ name: 'md0', level: 'raid7', devices: ['x'] }] } },
    [['IGN_RAID_LEVEL_UNRECOGNIZED', '$.storage.raid.0']],
  ],
  [
    'raid0 with spares',
    { storage: { raid: [{ name: 'md0', level: 'raid0', devices: ['/dev/a'], spares: 1 }] } },
    [['IGN_RAID_SPARES_UNSUPPORTED', '$.storage.raid.0']],
  ],
  [
    'raid device relative',
    { storage: { raid: [{ name: 'md0', level: 'mirror', devices: ['/dev/a', 'b'] }] } },
    [['IGN_PATH_NOT_ABSOLUTE', '$.storage.raid.0.devices.1']],
  ],
  [
    'unit, drop-in and networkd names',
    { systemd: { units: [{ name: 'a', dropins: [{ name: 'b' }] }] }, networkd: { units: [{ name: 'c.txt' }] } },
    [
      ['IGN_UNIT_EXTENSION_INVALID', '$.systemd.units.0.name'],
      ['IGN_DROPIN_EXTENSION_INVALID', '$.systemd.units.0.dropins.0.name'],
      ['IGN_NETWORKD_EXTENSION_INVALID', '$.networkd.units.0.name'],
    ],
  ],
  [
    'unit contents are not parsed in spec 1',
    { systemd: { units: [{ name: 'a.service', enable: true, contents: 'garbage' }] } },
    [],
  ],
  [
    'unknown keys as the 2.x walker reports them',
    { ...fs({ name: 'x' }), Storage: {} },
    [
      ['IGN_UNUSED_KEY', '$.Storage'],
      ['IGN_MISCASED_UNUSED_KEY', '$.Storage'],
      ['IGN_UNUSED_KEY', `${F}.name`],
    ],
  ],
  [
    'no unused keys inside a struct whose Validate failed',
    { storage: { raid: [{ name: 'md0', level: 'x', extra: 1 }] } },
    [['IGN_RAID_LEVEL_UNRECOGNIZED', '$.storage.raid.0']],
  ],
];

describe('spec 1: rules', () => {
  for (const [name, cfg, want] of ROWS) test(name, () => assert.deepEqual(issues(v1(cfg)), want));
  test("messages are Ignition v0.35's", () => {
    const storage = {
      disks: disk({ partitions: [{ number: 1, typeGuid: 'x' }] }).storage.disks,
      filesystems: fs({ files: [{ path: 'a', mode: 99999 }] }).storage.filesystems,
    };
    const r = run(v1({ storage }));
    assert.deepEqual(
      r.report.issues.map((i) => i.message),
      [
        'partition type-guid must have the form "01234567-89AB-CDEF-EDCB-A98765432101", got: "x"',
        'path not absolute',
        'illegal file mode',
        'config format deprecated',
      ],
    );
  });
});
