/**
 * Ignition spec 3.0.0: the config's structure (coreos/ignition
 * config/v3_0/types/schema.go), fields in Go struct order. Frozen.
 */
import { array, int, object, optBool, optInt, optString, string } from '../schema/index.js';

export const verification = object('Verification', { hash: optString() });

export const caReference = object('CaReference', { source: string(), verification }, { required: ['source'] });
export const configReference = object(
  'ConfigReference',
  { source: optString(), verification },
  { required: ['source'] },
);

export const ignitionConfig = object('IgnitionConfig', { merge: array(configReference), replace: configReference });
export const tls = object('TLS', { certificateAuthorities: array(caReference) });
export const security = object('Security', { tls });
export const timeouts = object('Timeouts', { httpResponseHeaders: optInt(), httpTotal: optInt() });
export const ignition = object(
  'Ignition',
  { config: ignitionConfig, security, timeouts, version: string() },
  { required: ['version'] },
);

export const nodeGroup = object('NodeGroup', { id: optInt(), name: optString() });
export const nodeUser = object('NodeUser', { id: optInt(), name: optString() });
/** Node's fields, which File, Directory and Link embed first. */
export const nodeFields = { group: nodeGroup, overwrite: optBool(), path: string(), user: nodeUser } as const;

export const fileContents = object('FileContents', { compression: optString(), source: optString(), verification });
export const file = object(
  'File',
  { ...nodeFields, append: array(fileContents), contents: fileContents, mode: optInt() },
  { required: ['path'] },
);
export const directory = object('Directory', { ...nodeFields, mode: optInt() }, { required: ['path'] });
export const link = object(
  'Link',
  { ...nodeFields, hard: optBool(), target: string() },
  { required: ['path', 'target'] },
);

export const partition = object('Partition', {
  guid: optString(),
  label: optString(),
  number: int(),
  shouldExist: optBool(),
  sizeMiB: optInt(),
  startMiB: optInt(),
  typeGuid: optString(),
  wipePartitionEntry: optBool(),
});
export const disk = object(
  'Disk',
  { device: string(), partitions: array(partition), wipeTable: optBool() },
  { required: ['device'] },
);
export const filesystem = object(
  'Filesystem',
  {
    device: string(),
    format: optString(),
    label: optString(),
    options: array(string('types.FilesystemOption')),
    path: optString(),
    uuid: optString(),
    wipeFilesystem: optBool(),
  },
  { required: ['device'] },
);
export const raid = object(
  'Raid',
  {
    devices: array(string('types.Device')),
    level: string(),
    name: string(),
    options: array(string('types.RaidOption')),
    spares: optInt(),
  },
  { required: ['devices', 'level', 'name'] },
);
export const storage = object('Storage', {
  directories: array(directory),
  disks: array(disk),
  files: array(file),
  filesystems: array(filesystem),
  links: array(link),
  raid: array(raid),
});

export const passwdGroup = object(
  'PasswdGroup',
  { gid: optInt(), name: string(), passwordHash: optString(), system: optBool() },
  { required: ['name'] },
);
export const passwdUser = object(
  'PasswdUser',
  {
    gecos: optString(),
    groups: array(string('types.Group')),
    homeDir: optString(),
    name: string(),
    noCreateHome: optBool(),
    noLogInit: optBool(),
    noUserGroup: optBool(),
    passwordHash: optString(),
    primaryGroup: optString(),
    sshAuthorizedKeys: array(string('types.SSHAuthorizedKey')),
    shell: optString(),
    system: optBool(),
    uid: optInt(),
  },
  { required: ['name'] },
);
export const passwd = object('Passwd', { groups: array(passwdGroup), users: array(passwdUser) });

export const dropin = object('Dropin', { contents: optString(), name: string() }, { required: ['name'] });
export const unit = object(
  'Unit',
  { contents: optString(), dropins: array(dropin), enabled: optBool(), mask: optBool(), name: string() },
  { required: ['name'] },
);
export const systemd = object('Systemd', { units: array(unit) });

export const config = object('Config', { ignition, passwd, storage, systemd }, { required: ['ignition'] });
