import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPath } from '../../../core/index.js';
import { validateConfigText } from '../../index.js';

// One row per rule: a config fragment, the versions it applies to, the code
// and path expected there; `absentIn` lists versions where it must not appear.
const ALL = ['3.0.0', '3.1.0', '3.2.0', '3.3.0', '3.4.0', '3.5.0', '3.6.0'];
const from = (v: string) => ALL.filter((x) => x >= v);
const before = (v: string) => ALL.filter((x) => x < v);

interface Row {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly code: string;
  readonly path: string;
  readonly versions: readonly string[];
  readonly absentIn?: readonly string[];
  readonly severity?: 'error' | 'warning';
}

const file = (f: Record<string, unknown>) => ({ storage: { files: [f] } });
const luks = (l: Record<string, unknown>) => ({ storage: { luks: [{ name: 'a', device: '/dev/sda', ...l }] } });
const sha512 = `sha512-${'0'.repeat(128)}`;

export const ROWS: Row[] = [
  {
    name: 'relative path',
    config: file({ path: 'a' }),
    code: 'IGN_PATH_NOT_ABSOLUTE',
    path: '$.storage.files.0.path',
    versions: ALL,
  },
  {
    name: 'unclean path',
    config: file({ path: '/a//b' }),
    code: 'IGN_PATH_NOT_CLEAN',
    path: '$.storage.files.0.path',
    versions: ALL,
  },
  {
    name: 'trailing slash',
    config: { storage: { directories: [{ path: '/a/' }] } },
    code: 'IGN_PATH_NOT_CLEAN',
    path: '$.storage.directories.0.path',
    versions: ALL,
  },
  {
    name: 'empty path',
    config: { storage: { links: [{ path: '', target: '/x' }] } },
    code: 'IGN_PATH_NOT_SPECIFIED',
    path: '$.storage.links.0.path',
    versions: ALL,
  },
  {
    name: 'file and dir same path',
    config: { storage: { files: [{ path: '/a' }], directories: [{ path: '/a' }] } },
    code: 'IGN_DUPLICATE',
    path: '$.storage.files.0',
    versions: ALL,
  },
  {
    name: 'file through link',
    config: { storage: { files: [{ path: '/l/f' }], links: [{ path: '/l', target: '/t' }] } },
    code: 'IGN_FILE_USES_LINK',
    path: '$.storage.files.0',
    versions: ALL,
  },
  {
    name: 'dir through link',
    config: { storage: { directories: [{ path: '/l/d' }], links: [{ path: '/l', target: '/t' }] } },
    code: 'IGN_DIRECTORY_USES_LINK',
    path: '$.storage.directories.0',
    versions: ALL,
  },
  {
    name: 'link through link',
    config: {
      storage: {
        links: [
          { path: '/l/m', target: '/t' },
          { path: '/l', target: '/t' },
        ],
      },
    },
    code: 'IGN_LINK_USES_LINK',
    path: '$.storage.links.0',
    versions: ALL,
  },
  {
    name: 'link target missing',
    config: { storage: { links: [{ path: '/l' }] } },
    code: 'IGN_LINK_TARGET_REQUIRED',
    path: '$.storage.links.0.target',
    versions: from('3.3.0'),
    absentIn: before('3.3.0'),
  },
  {
    name: 'hard link to dir',
    config: { storage: { directories: [{ path: '/d' }], links: [{ path: '/l', target: '/d', hard: true }] } },
    code: 'IGN_HARD_LINK_TO_DIRECTORY',
    path: '$.storage.links.0',
    versions: ALL,
  },
  {
    name: 'hard link owner',
    config: { storage: { links: [{ path: '/l', target: '/d', hard: true, user: { id: 1 } }] } },
    code: 'IGN_HARD_LINK_OWNER',
    path: '$.storage.links.0.user.id',
    versions: ALL,
    severity: 'warning',
  },
  {
    name: 'systemd path conflict',
    config: {
      storage: { files: [{ path: '/etc/systemd/system/a.service' }] },
      systemd: { units: [{ name: 'a.service', contents: '[Unit]' }] },
    },
    code: 'IGN_PATH_CONFLICTS_SYSTEMD',
    path: '$.storage.files.0.path',
    versions: ALL,
  },
  {
    name: 'illegal mode',
    config: file({ path: '/a', mode: 0o17777 }),
    code: 'IGN_MODE_ILLEGAL',
    path: '$.storage.files.0.mode',
    versions: ALL,
  },
  {
    name: 'special bits',
    config: file({ path: '/a', mode: 0o4755 }),
    code: 'IGN_MODE_SPECIAL_BITS',
    path: '$.storage.files.0.mode',
    versions: before('3.6.0'),
    absentIn: ['3.6.0'],
    severity: 'warning',
  },
  {
    name: 'overwrite without source',
    config: file({ path: '/a', overwrite: true }),
    code: 'IGN_OVERWRITE_WITHOUT_SOURCE',
    path: '$.storage.files.0.overwrite',
    versions: ALL,
  },
  {
    name: 'verification without source',
    config: file({ path: '/a', contents: { verification: { hash: sha512 } } }),
    code: 'IGN_VERIFICATION_WITHOUT_SOURCE',
    path: '$.storage.files.0.contents.verification.hash',
    versions: ALL,
  },
  {
    name: 'malformed hash',
    config: file({ path: '/a', contents: { source: 'http://x', verification: { hash: 'abc' } } }),
    code: 'IGN_HASH_MALFORMED',
    path: '$.storage.files.0.contents.verification.hash',
    versions: ALL,
  },
  {
    name: 'unknown hash',
    config: file({ path: '/a', contents: { source: 'http://x', verification: { hash: 'md5-00' } } }),
    code: 'IGN_HASH_UNRECOGNIZED',
    path: '$.storage.files.0.contents.verification.hash',
    versions: ALL,
  },
  {
    name: 'sha256 in 3.0',
    config: file({ path: '/a', contents: { source: 'http://x', verification: { hash: `sha256-${'0'.repeat(64)}` } } }),
    code: 'IGN_HASH_UNRECOGNIZED',
    path: '$.storage.files.0.contents.verification.hash',
    versions: ['3.0.0'],
    absentIn: from('3.1.0'),
  },
  {
    name: 'hash size',
    config: file({ path: '/a', contents: { source: 'http://x', verification: { hash: 'sha512-00' } } }),
    code: 'IGN_HASH_WRONG_SIZE',
    path: '$.storage.files.0.contents.verification.hash',
    versions: ALL,
  },
  {
    name: 'compression',
    config: file({ path: '/a', contents: { source: 'http://x', compression: 'xz' } }),
    code: 'IGN_COMPRESSION_INVALID',
    path: '$.storage.files.0.contents.compression',
    versions: ALL,
  },
  {
    name: 'bad scheme',
    config: file({ path: '/a', contents: { source: 'ftp://x' } }),
    code: 'IGN_URL_SCHEME_INVALID',
    path: '$.storage.files.0.contents.source',
    versions: ALL,
  },
  {
    name: 'gs scheme',
    config: file({ path: '/a', contents: { source: 'gs://b/o' } }),
    code: 'IGN_URL_SCHEME_INVALID',
    path: '$.storage.files.0.contents.source',
    versions: before('3.2.0'),
    absentIn: from('3.2.0'),
  },
  {
    name: 'arn scheme',
    config: file({ path: '/a', contents: { source: 'arn:aws:s3:::bucket/key' } }),
    code: 'IGN_URL_SCHEME_INVALID',
    path: '$.storage.files.0.contents.source',
    versions: before('3.4.0'),
    absentIn: from('3.4.0'),
  },
  {
    name: 'bad arn',
    config: file({ path: '/a', contents: { source: 'arn:aws:iam:::bucket/key' } }),
    code: 'IGN_S3_ARN_INVALID',
    path: '$.storage.files.0.contents.source',
    versions: from('3.4.0'),
  },
  {
    name: 's3 versionId',
    config: file({ path: '/a', contents: { source: 's3://b/k?versionId=' } }),
    code: 'IGN_S3_VERSION_ID_INVALID',
    path: '$.storage.files.0.contents.source',
    versions: ALL,
  },
  {
    name: 'bad data url',
    config: file({ path: '/a', contents: { source: 'data:nocomma' } }),
    code: 'IGN_DATA_URL_INVALID',
    path: '$.storage.files.0.contents.source',
    versions: ALL,
  },
  {
    name: 'merge needs source',
    config: { ignition: { config: { merge: [{}] } } },
    code: 'IGN_SOURCE_REQUIRED',
    path: '$.ignition.config.merge.0',
    versions: from('3.1.0'),
    absentIn: ['3.0.0'],
  },
  {
    name: 'header name',
    config: file({ path: '/a', contents: { source: 'http://x', httpHeaders: [{ name: '', value: 'v' }] } }),
    code: 'IGN_HTTP_HEADER_NAME_EMPTY',
    path: '$.storage.files.0.contents.httpHeaders.0.name',
    versions: from('3.1.0'),
  },
  {
    name: 'header scheme',
    config: file({ path: '/a', contents: { source: 'tftp://x', httpHeaders: [{ name: 'a', value: 'v' }] } }),
    code: 'IGN_HTTP_HEADERS_SCHEME',
    path: '$.storage.files.0.contents.httpHeaders',
    versions: from('3.1.0'),
  },
  {
    name: 'proxy scheme',
    config: { ignition: { proxy: { httpProxy: 'ftp://p' } } },
    code: 'IGN_PROXY_INVALID',
    path: '$.ignition.proxy.httpProxy',
    versions: from('3.1.0'),
  },
  {
    name: 'insecure proxy',
    config: { ignition: { proxy: { httpsProxy: 'http://p' } } },
    code: 'IGN_PROXY_INSECURE',
    path: '$.ignition.proxy.httpsProxy',
    versions: from('3.1.0'),
    severity: 'warning',
  },
  {
    name: 'id and name',
    config: file({ path: '/a', user: { id: 1, name: 'x' } }),
    code: 'IGN_ID_AND_NAME',
    path: '$.storage.files.0.user',
    versions: ALL,
  },
  {
    name: 'dup users',
    config: { passwd: { users: [{ name: 'a' }, { name: 'a' }] } },
    code: 'IGN_DUPLICATE',
    path: '$.passwd.users.1',
    versions: ALL,
  },
  {
    name: 'dup groups',
    config: { passwd: { groups: [{ name: 'a' }, { name: 'a' }] } },
    code: 'IGN_DUPLICATE',
    path: '$.passwd.groups.1',
    versions: ALL,
  },
  {
    name: 'dup units',
    config: { systemd: { units: [{ name: 'a.service' }, { name: 'a.service' }] } },
    code: 'IGN_DUPLICATE',
    path: '$.systemd.units.1',
    versions: ALL,
  },
  {
    name: 'dup dropins',
    config: { systemd: { units: [{ name: 'a.service', dropins: [{ name: 'a.conf' }, { name: 'a.conf' }] }] } },
    code: 'IGN_DUPLICATE',
    path: '$.systemd.units.0.dropins.1',
    versions: ALL,
  },
  {
    name: 'dup disks',
    config: { storage: { disks: [{ device: '/dev/a' }, { device: '/dev/a' }] } },
    code: 'IGN_DUPLICATE',
    path: '$.storage.disks.1',
    versions: ALL,
  },
  {
    name: 'dup filesystems',
    config: { storage: { filesystems: [{ device: '/dev/a' }, { device: '/dev/a' }] } },
    code: 'IGN_DUPLICATE',
    path: '$.storage.filesystems.1',
    versions: ALL,
  },
  {
    name: 'dup luks',
    config: {
      storage: {
        luks: [
          { name: 'a', device: '/dev/a' },
          { name: 'a', device: '/dev/b' },
        ],
      },
    },
    code: 'IGN_DUPLICATE',
    path: '$.storage.luks.1',
    versions: from('3.2.0'),
  },
  {
    name: 'dup merge sources',
    config: { ignition: { config: { merge: [{ source: 'http://a' }, { source: 'http://a' }] } } },
    code: 'IGN_DUPLICATE',
    path: '$.ignition.config.merge.1',
    versions: ALL,
  },
  {
    name: 'dup CAs',
    config: {
      ignition: { security: { tls: { certificateAuthorities: [{ source: 'http://a' }, { source: 'http://a' }] } } },
    },
    code: 'IGN_DUPLICATE',
    path: '$.ignition.security.tls.certificateAuthorities.1',
    versions: ALL,
  },
  {
    name: 'dup headers',
    config: file({
      path: '/a',
      contents: {
        source: 'http://a',
        httpHeaders: [
          { name: 'h', value: '1' },
          { name: 'h', value: '2' },
        ],
      },
    }),
    code: 'IGN_DUPLICATE',
    path: '$.storage.files.0.contents.httpHeaders.1',
    versions: from('3.1.0'),
  },
  {
    name: 'dup noProxy',
    config: { ignition: { proxy: { noProxy: ['a', 'a'] } } },
    code: 'IGN_DUPLICATE',
    path: '$.ignition.proxy.noProxy.1',
    versions: from('3.1.0'),
  },
  {
    name: 'dup ssh keys',
    config: { passwd: { users: [{ name: 'u', sshAuthorizedKeys: ['k', 'k'] }] } },
    code: 'IGN_DUPLICATE',
    path: '$.passwd.users.0.sshAuthorizedKeys.1',
    versions: ALL,
  },
  {
    name: 'dup raid devices',
    config: { storage: { raid: [{ name: 'r', level: 'raid1', devices: ['/dev/a', '/dev/a'] }] } },
    code: 'IGN_DUPLICATE',
    path: '$.storage.raid.0.devices.1',
    versions: ALL,
  },
  {
    name: 'dup unnamed partitions',
    config: { storage: { disks: [{ device: '/dev/a', partitions: [{}, {}] }] } },
    code: 'IGN_DUPLICATE',
    path: '$.storage.disks.0.partitions.1',
    versions: ALL,
  },
  {
    name: 'dup tang',
    config: luks({
      clevis: {
        tang: [
          { url: 'http://t', thumbprint: 'x' },
          { url: 'http://t', thumbprint: 'y' },
        ],
      },
    }),
    code: 'IGN_DUPLICATE',
    path: '$.storage.luks.0.clevis.tang.1',
    versions: from('3.2.0'),
  },
  {
    name: 'dup openOptions',
    config: luks({ openOptions: ['a', 'a'] }),
    code: 'IGN_DUPLICATE',
    path: '$.storage.luks.0.openOptions.1',
    versions: from('3.4.0'),
  },
  {
    name: 'karg conflict',
    config: { kernelArguments: { shouldExist: ['a'], shouldNotExist: ['a'] } },
    code: 'IGN_DUPLICATE',
    path: '$.kernelArguments.shouldNotExist.0',
    versions: from('3.3.0'),
  },
  {
    name: 'disk device',
    config: { storage: { disks: [{ device: '' }] } },
    code: 'IGN_DISK_DEVICE_REQUIRED',
    path: '$.storage.disks.0.device',
    versions: ALL,
  },
  {
    name: 'partition numbers',
    config: { storage: { disks: [{ device: '/dev/a', partitions: [{ number: 1 }, { number: 1 }] }] } },
    code: 'IGN_PARTITION_NUMBERS_COLLIDE',
    path: '$.storage.disks.0.partitions.1',
    versions: ALL,
  },
  {
    name: 'partitions overlap',
    config: {
      storage: {
        disks: [
          {
            device: '/dev/a',
            partitions: [
              { number: 1, startMiB: 1, sizeMiB: 10 },
              { number: 2, startMiB: 5, sizeMiB: 10 },
            ],
          },
        ],
      },
    },
    code: 'IGN_PARTITIONS_OVERLAP',
    path: '$.storage.disks.0.partitions.1',
    versions: ALL,
  },
  {
    name: 'partition labels',
    config: { storage: { disks: [{ device: '/dev/a', partitions: [{ label: 'x' }, { label: 'x', number: 2 }] }] } },
    code: 'IGN_PARTITION_LABELS_COLLIDE',
    path: '$.storage.disks.0.partitions.1',
    versions: ALL,
  },
  {
    name: 'label or number',
    config: { storage: { disks: [{ device: '/dev/a', partitions: [{}] }] } },
    code: 'IGN_PARTITION_NEEDS_LABEL_OR_NUMBER',
    path: '$.storage.disks.0.partitions.0',
    versions: ALL,
  },
  {
    name: 'label too long',
    config: { storage: { disks: [{ device: '/dev/a', partitions: [{ label: 'x'.repeat(37) }] }] } },
    code: 'IGN_PARTITION_LABEL_TOO_LONG',
    path: '$.storage.disks.0.partitions.0.label',
    versions: ALL,
  },
  {
    name: 'label colon',
    config: { storage: { disks: [{ device: '/dev/a', partitions: [{ label: 'a:b' }] }] } },
    code: 'IGN_PARTITION_LABEL_COLON',
    path: '$.storage.disks.0.partitions.0.label',
    versions: ALL,
  },
  {
    name: 'should not exist',
    config: { storage: { disks: [{ device: '/dev/a', partitions: [{ number: 1, shouldExist: false, sizeMiB: 1 }] }] } },
    code: 'IGN_PARTITION_SHOULD_NOT_EXIST_WITH_OTHERS',
    path: '$.storage.disks.0.partitions.0',
    versions: ALL,
  },
  {
    name: 'guid',
    config: { storage: { disks: [{ device: '/dev/a', partitions: [{ number: 1, typeGuid: 'linux' }] }] } },
    code: 'IGN_GUID_INVALID',
    path: '$.storage.disks.0.partitions.0.typeGuid',
    versions: ALL,
  },
  {
    name: 'fs format',
    config: { storage: { filesystems: [{ device: '/dev/a', format: 'ntfs' }] } },
    code: 'IGN_FILESYSTEM_FORMAT_INVALID',
    path: '$.storage.filesystems.0.format',
    versions: ALL,
  },
  {
    name: 'fs none',
    config: { storage: { filesystems: [{ device: '/dev/a', format: 'none' }] } },
    code: 'IGN_FILESYSTEM_FORMAT_INVALID',
    path: '$.storage.filesystems.0.format',
    versions: before('3.3.0'),
    absentIn: from('3.3.0'),
  },
  {
    name: 'fs format required',
    config: { storage: { filesystems: [{ device: '/dev/a', path: '/m' }] } },
    code: 'IGN_FILESYSTEM_FORMAT_REQUIRED',
    path: '$.storage.filesystems.0.format',
    versions: ALL,
  },
  {
    name: 'fs label needs format',
    config: { storage: { filesystems: [{ device: '/dev/a', label: 'x' }] } },
    code: 'IGN_FILESYSTEM_LABEL_NEEDS_FORMAT',
    path: '$.storage.filesystems.0.label',
    versions: ALL,
  },
  {
    name: 'xfs label',
    config: { storage: { filesystems: [{ device: '/dev/a', format: 'xfs', label: 'x'.repeat(13) }] } },
    code: 'IGN_FILESYSTEM_LABEL_TOO_LONG',
    path: '$.storage.filesystems.0.label',
    versions: ALL,
  },
  {
    name: 'fs on partitioned disk',
    config: {
      storage: {
        disks: [{ device: '/dev/a', partitions: [{ number: 1 }] }],
        filesystems: [{ device: '/dev/a', format: 'ext4' }],
      },
    },
    code: 'IGN_FILESYSTEM_OVERWRITES_PARTITIONS',
    path: '$.storage.filesystems.0.device',
    versions: ALL,
    severity: 'warning',
  },
  {
    name: 'raid level',
    config: { storage: { raid: [{ name: 'r', level: 'raid7', devices: ['/dev/a'] }] } },
    code: 'IGN_RAID_LEVEL_UNRECOGNIZED',
    path: '$.storage.raid.0.level',
    versions: ALL,
  },
  {
    name: 'raid level required',
    config: { storage: { raid: [{ name: 'r', devices: ['/dev/a'] }] } },
    code: 'IGN_RAID_LEVEL_REQUIRED',
    path: '$.storage.raid.0.level',
    versions: from('3.3.0'),
    absentIn: before('3.3.0'),
  },
  {
    name: 'raid spares',
    config: { storage: { raid: [{ name: 'r', level: 'raid0', spares: 1, devices: ['/dev/a'] }] } },
    code: 'IGN_RAID_SPARES_UNSUPPORTED',
    path: '$.storage.raid.0.level',
    versions: ALL,
  },
  {
    name: 'raid devices',
    config: { storage: { raid: [{ name: 'r', level: 'raid1' }] } },
    code: 'IGN_RAID_DEVICES_REQUIRED',
    path: '$.storage.raid.0.devices',
    versions: ALL,
  },
  {
    name: 'raid device path',
    config: { storage: { raid: [{ name: 'r', level: 'raid1', devices: ['dev/a'] }] } },
    code: 'IGN_PATH_NOT_ABSOLUTE',
    path: '$.storage.raid.0.devices.0',
    versions: ALL,
  },
  {
    name: 'unit contents',
    config: { systemd: { units: [{ name: 'a.service', contents: '[Unit]\nA' }] } },
    code: 'IGN_UNIT_CONTENTS_INVALID',
    path: '$.systemd.units.0.contents',
    versions: ALL,
  },
  {
    name: 'dropin contents',
    config: { systemd: { units: [{ name: 'a.service', dropins: [{ name: 'a.conf', contents: '[Unit' }] }] } },
    code: 'IGN_UNIT_CONTENTS_INVALID',
    path: '$.systemd.units.0.dropins.0.contents',
    versions: ALL,
  },
  {
    name: 'unit extension',
    config: { systemd: { units: [{ name: 'a.conf' }] } },
    code: 'IGN_UNIT_EXTENSION_INVALID',
    path: '$.systemd.units.0.name',
    versions: ALL,
  },
  {
    name: 'dropin extension',
    config: { systemd: { units: [{ name: 'a.service', dropins: [{ name: 'x.service' }] }] } },
    code: 'IGN_DROPIN_EXTENSION_INVALID',
    path: '$.systemd.units.0.dropins.0.name',
    versions: ALL,
  },
  {
    name: 'no install section',
    config: { systemd: { units: [{ name: 'a.service', enabled: true, contents: '[Service]\nExecStart=/x' }] } },
    code: 'IGN_UNIT_NO_INSTALL_SECTION',
    path: '$.systemd.units.0.contents',
    versions: ALL,
    severity: 'warning',
  },
  {
    name: 'template install',
    config: {
      systemd: {
        units: [
          { name: 'a@.service', contents: '[Service]' },
          { name: 'a@b.service', enabled: true },
        ],
      },
    },
    code: 'IGN_UNIT_TEMPLATE_NO_INSTALL_SECTION',
    path: '$.systemd.units.1.contents',
    versions: ALL,
    severity: 'warning',
  },
  {
    name: 'luks slash',
    config: luks({ name: 'a/b' }),
    code: 'IGN_LUKS_NAME_SLASH',
    path: '$.storage.luks.0.name',
    versions: from('3.2.0'),
  },
  {
    name: 'luks label',
    config: luks({ label: 'x'.repeat(48) }),
    code: 'IGN_LUKS_LABEL_TOO_LONG',
    path: '$.storage.luks.0.label',
    versions: from('3.2.0'),
  },
  {
    name: 'luks device',
    config: luks({ device: null }),
    code: 'IGN_DISK_DEVICE_REQUIRED',
    path: '$.storage.luks.0.device',
    versions: from('3.2.0'),
  },
  {
    name: 'luks key file',
    config: luks({ keyFile: { source: 'ftp://x' } }),
    code: 'IGN_LUKS_KEY_FILE_INVALID',
    path: '$.storage.luks.0.keys',
    versions: from('3.2.0'),
  },
  {
    name: 'clevis custom with others',
    config: luks({ clevis: { custom: { pin: 'tpm2', config: '{}' }, tpm2: true } }),
    code: 'IGN_CLEVIS_CUSTOM_WITH_OTHERS',
    path: '$.storage.luks.0.clevis',
    versions: from('3.2.0'),
  },
  {
    name: 'clevis unknown pin',
    config: luks({ clevis: { custom: { pin: 'x', config: '{}' } } }),
    code: 'IGN_CLEVIS_PIN_UNKNOWN',
    path: '$.storage.luks.0.clevis.custom.pin',
    versions: ['3.2.0', '3.3.0', '3.4.0', '3.5.0'],
    absentIn: ['3.6.0'],
  },
  {
    name: 'clevis pin required',
    config: luks({ clevis: { custom: { config: '{}' } } }),
    code: 'IGN_CLEVIS_PIN_REQUIRED',
    path: '$.storage.luks.0.clevis.custom.pin',
    versions: from('3.3.0'),
  },
  {
    name: 'clevis config required',
    config: luks({ clevis: { custom: { pin: 'tpm2' } } }),
    code: 'IGN_CLEVIS_CONFIG_REQUIRED',
    path: '$.storage.luks.0.clevis.custom.config',
    versions: from('3.2.0'),
  },
  {
    name: 'tang thumbprint',
    config: luks({ clevis: { tang: [{ url: 'http://t' }] } }),
    code: 'IGN_TANG_THUMBPRINT_REQUIRED',
    path: '$.storage.luks.0.clevis.tang.0.thumbprint',
    versions: from('3.2.0'),
  },
  {
    name: 'tang url',
    config: luks({ clevis: { tang: [{ url: 'ftp://t', thumbprint: 'x' }] } }),
    code: 'IGN_URL_SCHEME_INVALID',
    path: '$.storage.luks.0.clevis.tang.0.url',
    versions: from('3.2.0'),
  },
  {
    name: 'tang advertisement',
    config: luks({ clevis: { tang: [{ url: 'http://t', thumbprint: 'x', advertisement: '{' }] } }),
    code: 'IGN_TANG_ADVERTISEMENT_INVALID',
    path: '$.storage.luks.0.clevis.tang.0.advertisement',
    versions: from('3.4.0'),
  },
  {
    name: 'cex with clevis',
    config: luks({ cex: { enabled: true }, clevis: { tpm2: true } }),
    code: 'IGN_CEX_WITH_CLEVIS',
    path: '$.storage.luks.0.cex',
    versions: from('3.5.0'),
  },
  {
    name: 'cex with key file',
    config: luks({ cex: { enabled: true }, keyFile: { source: 'http://k' } }),
    code: 'IGN_CEX_WITH_KEY_FILE',
    path: '$.storage.luks.0.cex',
    versions: from('3.5.0'),
  },
  {
    name: 'luks unknown in 3.1',
    config: luks({}),
    code: 'IGN_UNUSED_KEY',
    path: '$.storage.luks',
    versions: ['3.0.0', '3.1.0'],
    severity: 'warning',
  },
  {
    name: 'null section',
    config: { systemd: null, storage: { files: [null] } },
    code: 'IGN_NULL_OBJECT',
    path: '$.storage.files.0',
    versions: ALL,
    severity: 'warning',
  },
  {
    name: 'type mismatch',
    config: file({ path: 5 }),
    code: 'IGN_TYPE_MISMATCH',
    path: '$.storage.files.0.path',
    versions: ALL,
  },
  {
    name: 'non-integer mode',
    config: file({ path: '/a', mode: 1.5 }),
    code: 'IGN_TYPE_MISMATCH',
    path: '$.storage.files.0.mode',
    versions: ALL,
  },
];

function merge(version: string, config: Record<string, unknown>): string {
  const ign = (config['ignition'] ?? {}) as Record<string, unknown>;
  return JSON.stringify({ ...config, ignition: { ...ign, version } });
}

function run(version: string, config: Record<string, unknown>) {
  return validateConfigText(merge(version, config)).report.issues.map((i) => ({
    code: i.code,
    path: formatPath(i.path),
    severity: i.severity,
    hasRange: i.range !== undefined,
  }));
}

describe('ignition 3.x rules', () => {
  for (const row of ROWS) {
    test(row.name, () => {
      for (const v of row.versions) {
        const found = run(v, row.config).find((i) => i.code === row.code && i.path === row.path);
        assert.ok(found, `${v}: expected ${row.code} at ${row.path}; got ${JSON.stringify(run(v, row.config))}`);
        assert.equal(found.severity, row.severity ?? 'error');
        assert.ok(found.hasRange, `${v}: the issue has a range`);
      }
      for (const v of row.absentIn ?? []) {
        const found = run(v, row.config).find((i) => i.code === row.code && i.path === row.path);
        assert.equal(found, undefined, `${v}: ${row.code} must not be reported`);
      }
    });
  }

  test('a valid config of every version has no issues', () => {
    for (const v of ALL) {
      const cfg = {
        storage: { files: [{ path: '/etc/a', mode: 420, contents: { source: 'data:,hello' } }] },
        systemd: { units: [{ name: 'a.service', enabled: true, contents: '[Install]\nWantedBy=multi-user.target' }] },
      };
      assert.deepEqual(run(v, cfg), [], v);
    }
  });

  test('versions: missing, malformed, unsupported', () => {
    const codes = (text: string) => validateConfigText(text).report.issues.map((i) => [i.code, formatPath(i.path)]);
    assert.deepEqual(codes('{}'), [['IGN_VERSION_INVALID', '$']]);
    assert.deepEqual(codes('{"ignition":{"version":"3.0"}}'), [['IGN_VERSION_INVALID', '$.ignition.version']]);
    assert.deepEqual(codes('{"ignition":{"version":"2.3.0"}}'), [['IGN_VERSION_UNSUPPORTED', '$.ignition.version']]);
    assert.deepEqual(codes('{"ignition":{"version":"3.7.0-experimental"}}'), [
      ['IGN_VERSION_UNSUPPORTED', '$.ignition.version'],
    ]);
    assert.deepEqual(codes(''), [['IGN_CONFIG_EMPTY', '$']]);
    assert.equal(validateConfigText('{"ignition":{"version":"3.2.0"}}').version, '3.2.0');
  });

  test('duplicate JSON keys are errors (Ignition accepts them silently)', () => {
    const r = validateConfigText('{"ignition":{"version":"3.0.0","version":"3.0.0"}}').report;
    assert.deepEqual(
      r.issues.map((i) => i.code),
      ['SRC_JSON_DUPLICATE_KEY'],
    );
  });
});
