/**
 * Table tests of the 2.x rules (src/ignition/rules/v2/), per spec version:
 * each row is a config fragment and the [code, path] list expected for the
 * versions it names (Ignition v0.35.0's config/v2_N/types semantics).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPath } from '../../core/index.js';
import { ALL_SPEC_VERSIONS, SPEC_VERSIONS_2X, validateConfigText } from '../index.js';

type V = '2.0.0' | '2.1.0' | '2.2.0' | '2.3.0';
const ALL: V[] = ['2.0.0', '2.1.0', '2.2.0', '2.3.0'];
const FROM21: V[] = ['2.1.0', '2.2.0', '2.3.0'];
const FROM22: V[] = ['2.2.0', '2.3.0'];

function run(version: string, cfg: Record<string, unknown>): [string, string][] {
  const { ignition, ...rest } = cfg;
  const text = JSON.stringify({ ignition: { version, ...((ignition as object | undefined) ?? {}) }, ...rest });
  return validateConfigText(text, { versions: ALL_SPEC_VERSIONS }).report.issues.map((i) => [
    i.code,
    formatPath(i.path),
  ]);
}

const file = (extra: Record<string, unknown> = {}) => ({ filesystem: 'root', path: '/etc/a', mode: 420, ...extra });
const files = (...fs: unknown[]) => ({ storage: { files: fs } });
const part = (p: Record<string, unknown>) => ({ storage: { disks: [{ device: '/dev/sda', partitions: [p] }] } });
const mount = (m: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  storage: { filesystems: [{ name: 'data', mount: { device: '/dev/sdb', format: 'ext4', ...m }, ...extra }] },
});
const unit = (u: Record<string, unknown>) => ({ systemd: { units: [{ name: 'a.service', ...u }] } });
const F0 = '$.storage.files.0';

interface Row {
  readonly name: string;
  readonly versions: readonly V[];
  readonly cfg: Record<string, unknown>;
  readonly want: [string, string][];
}

const ROWS: Row[] = [
  { name: 'clean file', versions: ALL, cfg: files(file({ contents: { source: 'data:,x' } })), want: [] },
  {
    name: 'relative path',
    versions: ALL,
    cfg: files(file({ path: 'etc/a' })),
    want: [['IGN_PATH_NOT_ABSOLUTE', `${F0}.path`]],
  },
  {
    name: 'empty path is not absolute',
    versions: ALL,
    cfg: files(file({ path: '' })),
    want: [['IGN_PATH_NOT_ABSOLUTE', `${F0}.path`]],
  },
  { name: 'unclean path is fine in 2.x', versions: ALL, cfg: files(file({ path: '/etc//a/../b/' })), want: [] },
  {
    name: 'no filesystem (2.0: at the file)',
    versions: ['2.0.0'],
    cfg: files(file({ filesystem: '' })),
    want: [['IGN_NO_FILESYSTEM', F0]],
  },
  {
    name: 'no filesystem',
    versions: FROM21,
    cfg: files(file({ filesystem: '' })),
    want: [['IGN_NO_FILESYSTEM', `${F0}.filesystem`]],
  },
  {
    name: 'undefined filesystem',
    versions: ALL,
    cfg: files(file({ filesystem: 'oem' })),
    want: [['IGN_NODE_FILESYSTEM_UNDEFINED', `${F0}.filesystem`]],
  },
  {
    name: 'shadowed filesystem',
    versions: ALL,
    cfg: { storage: { filesystems: [{ name: 'root', path: '/sysroot' }] } },
    want: [['IGN_FILESYSTEM_SHADOWED', '$.storage.filesystems.0.name']],
  },
  {
    name: 'mode out of range',
    versions: ALL,
    cfg: files(file({ mode: 0o10000 })),
    want: [['IGN_MODE_ILLEGAL', `${F0}.mode`]],
  },
  { name: 'negative mode', versions: ALL, cfg: files(file({ mode: -1 })), want: [['IGN_MODE_ILLEGAL', `${F0}.mode`]] },
  {
    name: 'mode unset warns from 2.2',
    versions: FROM22,
    cfg: files({ filesystem: 'root', path: '/a' }),
    want: [['IGN_PERMISSIONS_UNSET', `${F0}.mode`]],
  },
  {
    name: 'mode unset is 0 before 2.2',
    versions: ['2.0.0', '2.1.0'],
    cfg: files({ filesystem: 'root', path: '/a' }),
    want: [],
  },
  {
    name: 'directory mode unset',
    versions: FROM22,
    cfg: { storage: { directories: [{ filesystem: 'root', path: '/d' }] } },
    want: [['IGN_PERMISSIONS_UNSET', '$.storage.directories.0.mode']],
  },
  {
    name: 'append and overwrite',
    versions: FROM22,
    cfg: files(file({ append: true, overwrite: true })),
    want: [['IGN_APPEND_AND_OVERWRITE', F0]],
  },
  {
    name: 'user id and name',
    versions: FROM21,
    cfg: files(file({ user: { id: 0, name: 'core' } })),
    want: [['IGN_ID_AND_NAME', `${F0}.user`]],
  },
  {
    name: 'group id and name',
    versions: FROM21,
    cfg: files(file({ group: { id: 0, name: 'core' } })),
    want: [['IGN_ID_AND_NAME', `${F0}.group`]],
  },
  {
    name: 'compression',
    versions: ALL,
    cfg: files(file({ contents: { compression: 'xz' } })),
    want: [['IGN_COMPRESSION_INVALID', `${F0}.contents.compression`]],
  },
  {
    name: 'scheme',
    versions: ALL,
    cfg: files(file({ contents: { source: 'ftp://x/y' } })),
    want: [['IGN_URL_SCHEME_INVALID', `${F0}.contents.source`]],
  },
  { name: 'oem scheme', versions: ALL, cfg: files(file({ contents: { source: 'oem:///x' } })), want: [] },
  {
    name: 'tftp and s3 from 2.1',
    versions: FROM21,
    cfg: files(file({ contents: { source: 'tftp://h/x' } }), file({ path: '/b', contents: { source: 's3://b/k' } })),
    want: [],
  },
  {
    name: 'no tftp in 2.0',
    versions: ['2.0.0'],
    cfg: files(file({ contents: { source: 'tftp://h/x' } })),
    want: [['IGN_URL_SCHEME_INVALID', `${F0}.contents.source`]],
  },
  {
    name: 'gs is 3.2+',
    versions: ALL,
    cfg: files(file({ contents: { source: 'gs://b/o' } })),
    want: [['IGN_URL_SCHEME_INVALID', `${F0}.contents.source`]],
  },
  {
    name: 's3 versionId',
    versions: FROM21,
    cfg: files(file({ contents: { source: 's3://b/k?versionId=' } })),
    want: [['IGN_S3_VERSION_ID_INVALID', `${F0}.contents.source`]],
  },
  {
    name: 'bad data url',
    versions: ALL,
    cfg: files(file({ contents: { source: 'data:;base64,@@' } })),
    want: [['IGN_DATA_URL_INVALID', `${F0}.contents.source`]],
  },
  {
    name: 'hash malformed',
    versions: ALL,
    cfg: files(file({ contents: { verification: { hash: 'sha512' } } })),
    want: [['IGN_HASH_MALFORMED', `${F0}.contents.verification.hash`]],
  },
  {
    name: 'sha256 is 3.1+',
    versions: ALL,
    cfg: files(file({ contents: { verification: { hash: `sha256-${'a'.repeat(64)}` } } })),
    want: [['IGN_HASH_UNRECOGNIZED', `${F0}.contents.verification.hash`]],
  },
  {
    name: 'hash size',
    versions: ALL,
    cfg: files(file({ contents: { verification: { hash: 'sha512-abc' } } })),
    want: [['IGN_HASH_WRONG_SIZE', `${F0}.contents.verification.hash`]],
  },
  {
    name: 'append source and hash',
    versions: ALL,
    cfg: { ignition: { config: { append: [{ source: 'ftp://x', verification: { hash: 'md5-a' } }] } } },
    want: [
      ['IGN_URL_SCHEME_INVALID', '$.ignition.config.append.0.source'],
      ['IGN_HASH_UNRECOGNIZED', '$.ignition.config.append.0.verification.hash'],
    ],
  },
  {
    name: 'replace source',
    versions: ALL,
    cfg: { ignition: { config: { replace: { source: 'ftp://x' } } } },
    want: [['IGN_URL_SCHEME_INVALID', '$.ignition.config.replace.source']],
  },
  {
    name: 'certificate authority source',
    versions: FROM22,
    cfg: { ignition: { security: { tls: { certificateAuthorities: [{ source: 'ftp://x' }] } } } },
    // Ignition v0.35/v0.36's walker also calls `tls` an unrecognized key (it flattens the embedded
    // TLS struct); Hull does not, a deliberate difference (docs/ignition.md, "Known differences").
    want: [['IGN_URL_SCHEME_INVALID', '$.ignition.security.tls.certificateAuthorities.0.source']],
  },
  {
    name: 'CA sources: the schemes and hashes of every other 2.x source are accepted',
    versions: FROM22,
    cfg: {
      ignition: {
        security: {
          tls: {
            certificateAuthorities: [
              { source: 'https://e/ca.pem', verification: { hash: `sha512-${'a'.repeat(128)}` } },
              { source: 'http://e/ca.pem' },
              { source: 'oem:///ca.pem' },
              { source: 'data:,x' },
              { source: 's3://b/k' },
              { source: 'tftp://h/k' },
            ],
          },
        },
      },
    },
    want: [],
  },
  {
    name: 'CA sources and hashes get the checks of config.append',
    versions: FROM22,
    cfg: {
      ignition: {
        security: {
          tls: {
            certificateAuthorities: [
              { source: 'ftp://x', verification: { hash: 'md5-a' } },
              { source: 'http://[::1' },
              { source: 's3://b/k?versionId=' },
              { source: 'data:;base64,@@' },
              { source: 'https://x', verification: { hash: 'sha512-ab' } },
              { source: 'https://x', verification: { hash: 'sha512' } },
            ],
          },
        },
      },
    },
    want: [
      ['IGN_URL_SCHEME_INVALID', '$.ignition.security.tls.certificateAuthorities.0.source'],
      ['IGN_HASH_UNRECOGNIZED', '$.ignition.security.tls.certificateAuthorities.0.verification.hash'],
      ['IGN_URL_INVALID', '$.ignition.security.tls.certificateAuthorities.1.source'],
      ['IGN_S3_VERSION_ID_INVALID', '$.ignition.security.tls.certificateAuthorities.2.source'],
      ['IGN_DATA_URL_INVALID', '$.ignition.security.tls.certificateAuthorities.3.source'],
      ['IGN_HASH_WRONG_SIZE', '$.ignition.security.tls.certificateAuthorities.4.verification.hash'],
      ['IGN_HASH_MALFORMED', '$.ignition.security.tls.certificateAuthorities.5.verification.hash'],
    ],
  },
  {
    name: "ct's empty `security.tls` is recognized",
    versions: FROM22,
    cfg: {
      ignition: { config: {}, security: { tls: {} }, timeouts: {} },
      networkd: {},
      passwd: {},
      storage: {},
      systemd: {},
    },
    want: [],
  },
  {
    name: '`security` is 2.2+',
    versions: ['2.0.0', '2.1.0'],
    cfg: { ignition: { security: { tls: {} } } },
    want: [['IGN_UNUSED_KEY', '$.ignition.security']],
  },
  {
    name: 'unknown keys inside `tls` are reported; a miscased `TLS` is unrecognized with a hint',
    versions: FROM22,
    cfg: {
      ignition: {
        security: { TLS: {}, tls: { bogus: 1, certificateAuthorities: [{ source: 'https://x', extra: 1 }] } },
      },
    },
    want: [
      ['IGN_UNUSED_KEY', '$.ignition.security.TLS'],
      ['IGN_MISCASED_UNUSED_KEY', '$.ignition.security.TLS'],
      ['IGN_UNUSED_KEY', '$.ignition.security.tls.bogus'],
      ['IGN_UNUSED_KEY', '$.ignition.security.tls.certificateAuthorities.0.extra'],
    ],
  },
  {
    name: 'an unknown key; a case-folded one adds a hint',
    versions: ALL,
    cfg: { Storage: {}, bogus: 1 },
    want: [
      ['IGN_UNUSED_KEY', '$.Storage'],
      ['IGN_MISCASED_UNUSED_KEY', '$.Storage'],
      ['IGN_UNUSED_KEY', '$.bogus'],
    ],
  },
  {
    name: 'no unused keys inside a struct whose own Validate failed',
    versions: FROM21,
    cfg: files(file({ user: { id: 0, name: 'core', extra: 1 } }), file({ path: '/b', user: { id: 1, extra: 1 } })),
    want: [
      ['IGN_ID_AND_NAME', `${F0}.user`],
      ['IGN_UNUSED_KEY', '$.storage.files.1.user.extra'],
    ],
  },
  {
    name: 'networkd drop-ins (2.2+) of a failing unit are not checked',
    versions: FROM22,
    cfg: {
      networkd: {
        units: [
          { name: 'a.service', dropins: [{ name: 'x' }] },
          { name: 'b.network', dropins: [{ name: 'y' }] },
        ],
      },
    },
    want: [
      ['IGN_NETWORKD_EXTENSION_INVALID', '$.networkd.units.0'],
      ['IGN_NETWORKD_DROPIN_EXTENSION_INVALID', '$.networkd.units.1.dropins.0'],
    ],
  },
  {
    name: 'enabled unit whose contents hold no options: no install-section warning in 2.x',
    versions: ALL,
    cfg: unit({ enable: true, contents: '# comment' }),
    want: [],
  },
  {
    name: 'unit extension',
    versions: ALL,
    cfg: { systemd: { units: [{ name: 'a.conf' }] } },
    want: [['IGN_UNIT_EXTENSION_INVALID', '$.systemd.units.0.name']],
  },
  {
    name: 'unit contents',
    versions: FROM21,
    cfg: unit({ contents: '[Unit' }),
    want: [['IGN_UNIT_CONTENTS_INVALID', '$.systemd.units.0.contents']],
  },
  {
    name: 'unit contents (2.0: at the unit, and the walk stops)',
    versions: ['2.0.0'],
    cfg: { systemd: { units: [{ name: 'a.txt', contents: '[Unit' }] } },
    want: [['IGN_UNIT_CONTENTS_INVALID', '$.systemd.units.0']],
  },
  {
    name: 'unit contents and name (2.1+: both)',
    versions: FROM21,
    cfg: { systemd: { units: [{ name: 'a.txt', contents: '[Unit', dropins: [{ name: 'x' }] }] } },
    want: [
      ['IGN_UNIT_CONTENTS_INVALID', '$.systemd.units.0.contents'],
      ['IGN_DROPIN_EXTENSION_INVALID', '$.systemd.units.0.dropins.0'],
      ['IGN_UNIT_EXTENSION_INVALID', '$.systemd.units.0.name'],
    ],
  },
  {
    name: 'enable without [Install]',
    versions: FROM21,
    cfg: unit({ enable: true, contents: '[Unit]\nA=b' }),
    want: [['IGN_UNIT_NO_INSTALL_SECTION', '$.systemd.units.0.contents']],
  },
  {
    name: 'enable without [Install] (2.0)',
    versions: ['2.0.0'],
    cfg: unit({ enable: true, contents: '[Unit]\nA=b' }),
    want: [['IGN_UNIT_NO_INSTALL_SECTION', '$.systemd.units.0']],
  },
  {
    name: 'enabled without [Install]',
    versions: FROM21,
    cfg: unit({ enabled: true, contents: '[Unit]\nA=b' }),
    want: [['IGN_UNIT_NO_INSTALL_SECTION', '$.systemd.units.0.contents']],
  },
  {
    name: 'enable with [Install]',
    versions: ALL,
    cfg: unit({ enable: true, contents: '[Install]\nWantedBy=x' }),
    want: [],
  },
  {
    name: 'drop-in extension and contents',
    versions: FROM21,
    cfg: unit({ dropins: [{ name: 'a.txt', contents: '[X' }] }),
    want: [
      ['IGN_UNIT_CONTENTS_INVALID', '$.systemd.units.0.dropins.0'],
      ['IGN_DROPIN_EXTENSION_INVALID', '$.systemd.units.0.dropins.0'],
    ],
  },
  {
    name: 'drop-in contents (2.0: stops the walk)',
    versions: ['2.0.0'],
    cfg: unit({ dropins: [{ name: 'a.txt', contents: '[X' }] }),
    want: [['IGN_UNIT_CONTENTS_INVALID', '$.systemd.units.0.dropins.0']],
  },
  {
    name: 'drop-in extension (2.0: at the name)',
    versions: ['2.0.0'],
    cfg: unit({ dropins: [{ name: 'a.txt' }] }),
    want: [['IGN_DROPIN_EXTENSION_INVALID', '$.systemd.units.0.dropins.0.name']],
  },
  {
    name: 'networkd extension (2.0: at the name)',
    versions: ['2.0.0'],
    cfg: { networkd: { units: [{ name: 'a.service' }] } },
    want: [['IGN_NETWORKD_EXTENSION_INVALID', '$.networkd.units.0.name']],
  },
  {
    name: 'networkd extension',
    versions: FROM21,
    cfg: { networkd: { units: [{ name: 'a.service' }] } },
    want: [['IGN_NETWORKD_EXTENSION_INVALID', '$.networkd.units.0']],
  },
  {
    name: 'networkd contents',
    versions: ALL,
    cfg: { networkd: { units: [{ name: 'a.network', contents: '[X' }] } },
    want: [['IGN_UNIT_CONTENTS_INVALID', '$.networkd.units.0']],
  },
  {
    name: 'networkd drop-in extension',
    versions: FROM22,
    cfg: { networkd: { units: [{ name: 'a.network', dropins: [{ name: 'x.txt' }] }] } },
    want: [['IGN_NETWORKD_DROPIN_EXTENSION_INVALID', '$.networkd.units.0.dropins.0']],
  },
  {
    name: 'disk device required',
    versions: FROM21,
    cfg: { storage: { disks: [{ device: '' }] } },
    want: [['IGN_DISK_DEVICE_REQUIRED', '$.storage.disks.0.device']],
  },
  {
    name: 'disk device required (2.0: at the disk)',
    versions: ['2.0.0'],
    cfg: { storage: { disks: [{ device: '' }] } },
    want: [['IGN_DISK_DEVICE_REQUIRED', '$.storage.disks.0']],
  },
  {
    name: '2.0 disk errors stop the walk (no device path or partition checks)',
    versions: ['2.0.0'],
    cfg: { storage: { disks: [{ device: 'sda', partitions: [{ number: 1, typeGuid: 'x' }, { number: 1 }] }] } },
    want: [['IGN_PARTITION_NUMBERS_COLLIDE', '$.storage.disks.0']],
  },
  {
    name: 'disk device relative',
    versions: ALL,
    cfg: { storage: { disks: [{ device: 'sda' }] } },
    want: [['IGN_PATH_NOT_ABSOLUTE', '$.storage.disks.0.device']],
  },
  {
    name: 'partition numbers collide',
    versions: FROM21,
    cfg: { storage: { disks: [{ device: '/dev/sda', partitions: [{ number: 1 }, { number: 1 }] }] } },
    want: [['IGN_PARTITION_NUMBERS_COLLIDE', '$.storage.disks.0.partitions']],
  },
  {
    name: 'partitions overlap (sectors)',
    versions: ['2.1.0', '2.2.0'],
    cfg: {
      storage: {
        disks: [
          {
            device: '/dev/sda',
            partitions: [
              { number: 1, start: 2048, size: 4096 },
              { number: 2, start: 4096, size: 2048 },
            ],
          },
        ],
      },
    },
    want: [['IGN_PARTITIONS_OVERLAP', '$.storage.disks.0.partitions']],
  },
  {
    name: 'partitions overlap (2.3: sectors deprecated)',
    versions: ['2.3.0'],
    cfg: {
      storage: {
        disks: [
          {
            device: '/dev/sda',
            partitions: [
              { number: 1, start: 2048, size: 4096 },
              { number: 2, start: 4096, size: 2048 },
            ],
          },
        ],
      },
    },
    want: [
      ['IGN_PARTITIONS_OVERLAP', '$.storage.disks.0.partitions'],
      ['IGN_PARTITION_SIZE_DEPRECATED', '$.storage.disks.0.partitions.0.size'],
      ['IGN_PARTITION_START_DEPRECATED', '$.storage.disks.0.partitions.0.start'],
      ['IGN_PARTITION_SIZE_DEPRECATED', '$.storage.disks.0.partitions.1.size'],
      ['IGN_PARTITION_START_DEPRECATED', '$.storage.disks.0.partitions.1.start'],
    ],
  },
  {
    name: 'misaligned (2.0: at the disk)',
    versions: ['2.0.0'],
    cfg: part({ number: 1, start: 2049 }),
    want: [['IGN_PARTITIONS_MISALIGNED', '$.storage.disks.0']],
  },
  {
    name: 'misaligned',
    versions: ['2.1.0', '2.2.0'],
    cfg: part({ number: 1, start: 2049 }),
    want: [['IGN_PARTITIONS_MISALIGNED', '$.storage.disks.0.partitions']],
  },
  {
    name: 'misaligned and deprecated start (2.3)',
    versions: ['2.3.0'],
    cfg: part({ number: 1, start: 2049 }),
    want: [
      ['IGN_PARTITIONS_MISALIGNED', '$.storage.disks.0.partitions'],
      ['IGN_PARTITION_START_DEPRECATED', '$.storage.disks.0.partitions.0.start'],
    ],
  },
  {
    name: 'deprecated size',
    versions: ['2.3.0'],
    cfg: part({ number: 1, size: 2048 }),
    want: [['IGN_PARTITION_SIZE_DEPRECATED', '$.storage.disks.0.partitions.0.size']],
  },
  { name: 'sizes in MiB', versions: ['2.3.0'], cfg: part({ number: 1, sizeMiB: 10, startMiB: 1 }), want: [] },
  {
    name: 'units mismatch in one partition',
    versions: ['2.3.0'],
    cfg: part({ number: 1, size: 2048, sizeMiB: 1 }),
    // Partition.Validate failed, so its fields (the deprecated size) are not walked.
    want: [
      ['IGN_PARTITION_UNITS_MISMATCH', '$.storage.disks.0.partitions'],
      ['IGN_PARTITION_UNITS_MISMATCH', '$.storage.disks.0.partitions.0'],
    ],
  },
  {
    name: 'shouldExist false with a label',
    versions: ['2.3.0'],
    cfg: part({ number: 1, shouldExist: false, label: 'x' }),
    want: [['IGN_PARTITION_SHOULD_NOT_EXIST_WITH_OTHERS', '$.storage.disks.0.partitions.0']],
  },
  {
    name: 'shouldExist false and a number 0',
    versions: ['2.3.0'],
    cfg: {
      storage: { disks: [{ device: '/dev/sda', partitions: [{ number: 1, shouldExist: false }, { label: 'b' }] }] },
    },
    want: [['IGN_PARTITION_ZEROES_WITH_SHOULD_NOT_EXIST', '$.storage.disks.0.partitions']],
  },
  {
    name: 'label too long',
    versions: ALL,
    cfg: part({ number: 1, label: 'x'.repeat(37) }),
    want: [['IGN_PARTITION_LABEL_TOO_LONG', '$.storage.disks.0.partitions.0.label']],
  },
  { name: 'label 36 bytes', versions: ALL, cfg: part({ number: 1, label: 'x'.repeat(36) }), want: [] },
  {
    name: 'label colon',
    versions: ALL,
    cfg: part({ number: 1, label: 'a:b' }),
    want: [['IGN_PARTITION_LABEL_COLON', '$.storage.disks.0.partitions.0.label']],
  },
  {
    name: 'type GUID',
    versions: ALL,
    cfg: part({ number: 1, typeGuid: 'linux' }),
    want: [['IGN_GUID_INVALID', '$.storage.disks.0.partitions.0.typeGuid']],
  },
  {
    name: 'GUID',
    versions: FROM21,
    cfg: part({ number: 1, guid: 'x' }),
    want: [['IGN_GUID_INVALID', '$.storage.disks.0.partitions.0.guid']],
  },
  {
    name: 'filesystem without mount or path',
    versions: ALL,
    cfg: { storage: { filesystems: [{ name: 'x' }] } },
    want: [['IGN_FILESYSTEM_NO_MOUNT_PATH', '$.storage.filesystems.0']],
  },
  {
    name: 'filesystem with mount and path',
    versions: ALL,
    cfg: mount({}, { path: '/x' }),
    want: [['IGN_FILESYSTEM_MOUNT_AND_PATH', '$.storage.filesystems.0']],
  },
  {
    name: 'filesystem path relative',
    versions: ALL,
    cfg: { storage: { filesystems: [{ name: 'x', path: 'x' }] } },
    want: [['IGN_PATH_NOT_ABSOLUTE', '$.storage.filesystems.0.path']],
  },
  {
    name: 'format',
    versions: ALL,
    cfg: mount({ format: 'zfs' }),
    want: [['IGN_FILESYSTEM_FORMAT_INVALID', '$.storage.filesystems.0.mount.format']],
  },
  {
    name: 'vfat is 2.1+',
    versions: ['2.0.0'],
    cfg: mount({ format: 'vfat' }),
    want: [['IGN_FILESYSTEM_FORMAT_INVALID', '$.storage.filesystems.0.mount.format']],
  },
  { name: 'vfat', versions: FROM21, cfg: mount({ format: 'vfat' }), want: [] },
  {
    name: 'mount device relative',
    versions: ALL,
    cfg: mount({ device: 'sdb' }),
    want: [['IGN_PATH_NOT_ABSOLUTE', '$.storage.filesystems.0.mount.device']],
  },
  {
    name: 'ext4 label length',
    versions: FROM21,
    cfg: mount({ label: 'x'.repeat(17) }),
    want: [['IGN_FILESYSTEM_LABEL_TOO_LONG', '$.storage.filesystems.0.mount.label']],
  },
  {
    name: 'xfs label length',
    versions: FROM21,
    cfg: mount({ format: 'xfs', label: 'x'.repeat(13) }),
    want: [['IGN_FILESYSTEM_LABEL_TOO_LONG', '$.storage.filesystems.0.mount.label']],
  },
  {
    name: 'create is deprecated',
    versions: FROM21,
    cfg: mount({ create: { force: true } }),
    want: [['IGN_FILESYSTEM_CREATE_DEPRECATED', '$.storage.filesystems.0.mount.create']],
  },
  { name: 'create in 2.0 is fine', versions: ['2.0.0'], cfg: mount({ create: { force: true } }), want: [] },
  {
    name: 'create with wipeFilesystem and options',
    versions: FROM21,
    cfg: mount({ create: {}, wipeFilesystem: true, options: ['-L', 'x'] }),
    want: [
      ['IGN_FILESYSTEM_CREATE_AND_WIPE', '$.storage.filesystems.0.mount'],
      ['IGN_FILESYSTEM_CREATE_AND_OPTIONS', '$.storage.filesystems.0.mount'],
      ['IGN_FILESYSTEM_CREATE_DEPRECATED', '$.storage.filesystems.0.mount.create'],
    ],
  },
  {
    name: 'filesystem errors stop the walk',
    versions: ALL,
    cfg: { storage: { filesystems: [{ name: 'x', mount: { device: 'rel', format: 'zfs' }, path: 'rel' }] } },
    want: [['IGN_FILESYSTEM_MOUNT_AND_PATH', '$.storage.filesystems.0']],
  },
  {
    name: 'invalid format stops the mount walk (2.1+)',
    versions: FROM21,
    cfg: mount({ device: 'rel', format: 'zfs', label: 'x'.repeat(300) }),
    want: [['IGN_FILESYSTEM_FORMAT_INVALID', '$.storage.filesystems.0.mount.format']],
  },
  {
    name: '2.0 mount: device, then format',
    versions: ['2.0.0'],
    cfg: mount({ device: 'rel', format: 'zfs' }),
    want: [
      ['IGN_PATH_NOT_ABSOLUTE', '$.storage.filesystems.0.mount.device'],
      ['IGN_FILESYSTEM_FORMAT_INVALID', '$.storage.filesystems.0.mount.format'],
    ],
  },
  {
    name: 'append and overwrite stop the file walk',
    versions: FROM22,
    cfg: files(file({ append: true, overwrite: true, path: 'rel', mode: -1 })),
    want: [['IGN_APPEND_AND_OVERWRITE', F0]],
  },
  {
    name: '2.0 file without filesystem stops the walk',
    versions: ['2.0.0'],
    cfg: files(file({ filesystem: '', path: 'rel' })),
    want: [['IGN_NO_FILESYSTEM', F0]],
  },
  {
    name: 'raid: devices before level (2.1+)',
    versions: FROM21,
    cfg: { storage: { raid: [{ name: 'md', level: 'x', devices: ['a'] }] } },
    want: [
      ['IGN_PATH_NOT_ABSOLUTE', '$.storage.raid.0.devices.0'],
      ['IGN_RAID_LEVEL_UNRECOGNIZED', '$.storage.raid.0.level'],
    ],
  },
  {
    name: 'raid: a bad level stops the walk (2.0)',
    versions: ['2.0.0'],
    cfg: { storage: { raid: [{ name: 'md', level: 'x', devices: ['a'] }] } },
    want: [['IGN_RAID_LEVEL_UNRECOGNIZED', '$.storage.raid.0.level']],
  },
  {
    name: 'partition field order: guid, label, size, start, typeGuid',
    versions: ['2.3.0'],
    cfg: part({ number: 1, guid: 'g', label: 'a:b', size: 2048, start: 2048, typeGuid: 't' }),
    want: [
      ['IGN_GUID_INVALID', '$.storage.disks.0.partitions.0.guid'],
      ['IGN_PARTITION_LABEL_COLON', '$.storage.disks.0.partitions.0.label'],
      ['IGN_PARTITION_SIZE_DEPRECATED', '$.storage.disks.0.partitions.0.size'],
      ['IGN_PARTITION_START_DEPRECATED', '$.storage.disks.0.partitions.0.start'],
      ['IGN_GUID_INVALID', '$.storage.disks.0.partitions.0.typeGuid'],
    ],
  },
  {
    name: '2.0 label: the first problem only',
    versions: ['2.0.0'],
    cfg: part({ number: 1, label: `a:${'x'.repeat(40)}` }),
    want: [['IGN_PARTITION_LABEL_TOO_LONG', '$.storage.disks.0.partitions.0.label']],
  },
  {
    name: 'raid level',
    versions: ALL,
    cfg: { storage: { raid: [{ name: 'md', level: 'raid7', devices: ['/dev/a'] }] } },
    want: [['IGN_RAID_LEVEL_UNRECOGNIZED', '$.storage.raid.0.level']],
  },
  {
    name: 'raid spares',
    versions: ALL,
    cfg: { storage: { raid: [{ name: 'md', level: 'raid0', devices: ['/dev/a'], spares: 1 }] } },
    want: [['IGN_RAID_SPARES_UNSUPPORTED', '$.storage.raid.0.level']],
  },
  {
    name: 'raid device relative',
    versions: ALL,
    cfg: { storage: { raid: [{ name: 'md', level: 'raid1', devices: ['a'] }] } },
    want: [['IGN_PATH_NOT_ABSOLUTE', '$.storage.raid.0.devices.0']],
  },
  {
    name: 'user create is deprecated',
    versions: FROM21,
    cfg: { passwd: { users: [{ name: 'a', create: { uid: 5 } }] } },
    want: [['IGN_PASSWD_CREATE_DEPRECATED', '$.passwd.users.0.create']],
  },
  {
    name: 'user create in 2.0 is fine',
    versions: ['2.0.0'],
    cfg: { passwd: { users: [{ name: 'a', create: { uid: 5 } }] } },
    want: [],
  },
  {
    name: 'user create with user-level fields',
    versions: FROM21,
    cfg: { passwd: { users: [{ name: 'a', create: {}, shell: '/bin/sh', uid: 5, groups: ['x'] }] } },
    want: [
      ['IGN_PASSWD_CREATE_DEPRECATED', '$.passwd.users.0.create'],
      ['IGN_PASSWD_CREATE_AND_FIELD', '$.passwd.users.0.groups'],
      ['IGN_PASSWD_CREATE_AND_FIELD', '$.passwd.users.0.shell'],
      ['IGN_PASSWD_CREATE_AND_FIELD', '$.passwd.users.0.uid'],
    ],
  },
  {
    name: 'link on root with a relative path',
    versions: FROM21,
    cfg: { storage: { links: [{ filesystem: 'root', path: 'l', target: '/x' }] } },
    want: [['IGN_PATH_NOT_ABSOLUTE', '$.storage.links.0.path']],
  },
  {
    name: 'duplicates are allowed in 2.x',
    versions: ALL,
    cfg: { ...files(file(), file()), systemd: { units: [{ name: 'a.service' }, { name: 'a.service' }] } },
    want: [],
  },
];

describe('2.x rules', () => {
  for (const row of ROWS) {
    test(`${row.name} (${row.versions.join(', ')})`, () => {
      for (const v of row.versions) assert.deepEqual(run(v, row.cfg), row.want, v);
    });
  }

  test('messages are Ignition v0.35.0 ones', () => {
    const msg = (v: string, cfg: Record<string, unknown>) =>
      validateConfigText(JSON.stringify({ ignition: { version: v }, ...cfg }), {
        versions: ALL_SPEC_VERSIONS,
      }).report.issues.map((i) => i.message);
    assert.deepEqual(msg('2.3.0', files(file({ contents: { source: 'ftp://x' } }))), [
      'invalid url "ftp://x": invalid url scheme',
    ]);
    assert.deepEqual(msg('2.2.0', files(file({ contents: { source: 'ftp://x' } }))), ['invalid url scheme']);
    assert.deepEqual(msg('2.3.0', { storage: { filesystems: [{ name: 'x', path: 'y' }] } }), [
      'filesystem "x": path not absolute',
    ]);
    assert.deepEqual(
      msg('2.2.0', { storage: { raid: [{ name: 'md', level: 'stripe', devices: ['/a'], spares: 2 }] } }),
      ['spares unsupported for arrays with a level greater than 0'],
    );
    assert.deepEqual(msg('2.2.0', files({ filesystem: 'oem', path: '/a', mode: 1 })), [
      'File "/a" references nonexistent filesystem "oem". (This is ok if it is defined in a referenced config)',
    ]);
    assert.deepEqual(msg('2.3.0', mount({ format: 'vfat', label: 'x'.repeat(12) })), [
      'filesystem labels cannot be longer than 11 characters when using vfat',
    ]);
    assert.deepEqual(msg('2.3.0', { passwd: { users: [{ name: 'a', create: {}, homeDir: '/h' }] } }), [
      'the create object has been deprecated in favor of user-level options',
      'cannot use both the create object and the user-level homeDir field',
    ]);
  });

  test("2.x structure: type errors name the version's Go types; keys of other versions are unused", () => {
    const r = (v: string, cfg: { ignition: { version: string }; [key: string]: unknown }) => {
      assert.equal(cfg.ignition.version, v);
      return validateConfigText(JSON.stringify(cfg), { versions: ALL_SPEC_VERSIONS }).report.issues.map((i) => [
        i.code,
        formatPath(i.path),
      ]);
    };
    assert.deepEqual(
      r('2.3.0', {
        ignition: { version: '2.3.0' },
        storage: { files: [{ filesystem: 'root', path: '/a', mode: 1, append: true, overwrite: false }] },
      }),
      [],
    );
    assert.deepEqual(
      r('2.1.0', {
        ignition: { version: '2.1.0' },
        storage: { files: [{ filesystem: 'root', path: '/a', mode: 1, append: true }] },
      }),
      [['IGN_UNUSED_KEY', '$.storage.files.0.append']],
    );
    assert.deepEqual(r('2.0.0', { ignition: { version: '2.0.0' }, storage: { links: [] } }), [
      ['IGN_UNUSED_KEY', '$.storage.links'],
    ]);
    assert.deepEqual(
      r('2.2.0', {
        ignition: { version: '2.2.0' },
        storage: { disks: [{ device: '/dev/a', partitions: [{ sizeMiB: 1 }] }] },
      }),
      [['IGN_UNUSED_KEY', '$.storage.disks.0.partitions.0.sizeMiB']],
    );
    const typed = validateConfigText('{"ignition":{"version":"2.3.0"},"storage":{"files":[{"path":1}]}}', {
      versions: ALL_SPEC_VERSIONS,
    }).report.issues;
    assert.deepEqual(
      typed.map((i) => i.message),
      ['json: cannot unmarshal number into Go struct field File.storage.files.path of type string'],
    );
  });

  test('versions: 2.x only with ALL_SPEC_VERSIONS (the default stays 3.x, as ignition-validate)', () => {
    assert.deepEqual(
      SPEC_VERSIONS_2X.map((s) => s.version),
      ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0'],
    );
    assert.equal(
      validateConfigText('{"ignition":{"version":"2.3.0"}}').report.issues[0]?.code,
      'IGN_VERSION_UNSUPPORTED',
    );
    for (const v of ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0', '3.0.0', '3.6.0']) {
      assert.deepEqual(
        validateConfigText(`{"ignition":{"version":"${v}"}}`, { versions: ALL_SPEC_VERSIONS }).report.issues,
        [],
        v,
      );
    }
    assert.equal(
      validateConfigText('{"ignition":{"version":"2.5.0"}}', { versions: ALL_SPEC_VERSIONS }).report.issues[0]?.code,
      'IGN_VERSION_UNSUPPORTED',
    );
  });
});
