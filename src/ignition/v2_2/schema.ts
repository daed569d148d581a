/**
 * Ignition spec 2.2.0 (coreos/ignition v0.35.0 config/v2_2/types/schema.go),
 * fields in Go struct order. 2.1 plus ignition.security.tls, file append,
 * node overwrite, pointer user/group/mode, raid options, networkd drop-ins. Frozen.
 */
import { array, bool, int, object, optBool, optInt, optString, ptr, string } from '../schema/index.js';

export const verification = object('Verification', { hash: optString() });
export const caReference = object('CaReference', { source: string(), verification }, { required: ['source'] });
export const configReference = object('ConfigReference', { source: string(), verification }, { required: ['source'] });
export const ignitionConfig = object('IgnitionConfig', {
  append: array(configReference),
  replace: ptr(configReference),
});
export const tls = object('TLS', { certificateAuthorities: array(caReference) });
export const security = object('Security', { tls });
export const timeouts = object('Timeouts', { httpResponseHeaders: optInt(), httpTotal: optInt() });
export const ignition = object(
  'Ignition',
  { config: ignitionConfig, security, timeouts, version: string() },
  { required: ['version'] },
);

export const create = object('Create', { force: bool(), options: array(string('types.CreateOption')) });
export const mount = object(
  'Mount',
  {
    create: ptr(create),
    device: string(),
    format: string(),
    label: optString(),
    options: array(string('types.MountOption')),
    uuid: optString(),
    wipeFilesystem: bool(),
  },
  { required: ['device', 'format'] },
);
export const filesystem = object('Filesystem', { mount: ptr(mount), name: string(), path: optString() });

export const nodeGroup = object('NodeGroup', { id: optInt(), name: string() });
export const nodeUser = object('NodeUser', { id: optInt(), name: string() });
/** Node's fields, which File, Directory and Link embed first. */
export const nodeFields = {
  filesystem: string(),
  group: ptr(nodeGroup),
  overwrite: optBool(),
  path: string(),
  user: ptr(nodeUser),
} as const;
export const fileContents = object('FileContents', { compression: string(), source: string(), verification });
export const file = object(
  'File',
  { ...nodeFields, append: bool(), contents: fileContents, mode: optInt() },
  { required: ['filesystem', 'path'] },
);
export const directory = object('Directory', { ...nodeFields, mode: optInt() }, { required: ['filesystem', 'path'] });
export const link = object(
  'Link',
  { ...nodeFields, hard: bool(), target: string() },
  { required: ['filesystem', 'path', 'target'] },
);

export const partition = object('Partition', {
  guid: string(),
  label: string(),
  number: int(),
  size: int(),
  start: int(),
  typeGuid: string(),
});
export const disk = object(
  'Disk',
  { device: string(), partitions: array(partition), wipeTable: bool() },
  { required: ['device'] },
);
export const raid = object(
  'Raid',
  {
    devices: array(string('types.Device')),
    level: string(),
    name: string(),
    options: array(string('types.RaidOption')),
    spares: int(),
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
  { gid: optInt(), name: string(), passwordHash: string(), system: bool() },
  { required: ['name'] },
);
export const usercreate = object('Usercreate', {
  gecos: string(),
  groups: array(string('types.UsercreateGroup')),
  homeDir: string(),
  noCreateHome: bool(),
  noLogInit: bool(),
  noUserGroup: bool(),
  primaryGroup: string(),
  shell: string(),
  system: bool(),
  uid: optInt(),
});
export const passwdUser = object(
  'PasswdUser',
  {
    create: ptr(usercreate),
    gecos: string(),
    groups: array(string('types.Group')),
    homeDir: string(),
    name: string(),
    noCreateHome: bool(),
    noLogInit: bool(),
    noUserGroup: bool(),
    passwordHash: optString(),
    primaryGroup: string(),
    sshAuthorizedKeys: array(string('types.SSHAuthorizedKey')),
    shell: string(),
    system: bool(),
    uid: optInt(),
  },
  { required: ['name'] },
);
export const passwd = object('Passwd', { groups: array(passwdGroup), users: array(passwdUser) });

export const systemdDropin = object('SystemdDropin', { contents: string(), name: string() }, { required: ['name'] });
export const unit = object(
  'Unit',
  {
    contents: string(),
    dropins: array(systemdDropin),
    enable: bool(),
    enabled: optBool(),
    mask: bool(),
    name: string(),
  },
  { required: ['name'] },
);
export const systemd = object('Systemd', { units: array(unit) });
export const networkdDropin = object('NetworkdDropin', { contents: string(), name: string() }, { required: ['name'] });
export const networkdUnit = object(
  'Networkdunit',
  { contents: string(), dropins: array(networkdDropin), name: string() },
  { required: ['name'] },
);
export const networkd = object('Networkd', { units: array(networkdUnit) });

export const config = object('Config', { ignition, networkd, passwd, storage, systemd }, { required: ['ignition'] });
