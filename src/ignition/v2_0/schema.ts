/**
 * Ignition spec 2.0.0 (coreos/ignition v0.35.0 config/v2_0/types/*.go, hand
 * written, fields in declaration order): storage has disks, raid,
 * filesystems and files only; file user/group are `{id}`; mode is a plain
 * integer; units have `enable` only. Frozen.
 */
import { array, bool, int, object, optInt, optString, ptr, string } from '../schema/index.js';

export const verification = object('Verification', { hash: optString() });
export const configReference = object('ConfigReference', { source: string(), verification });
export const ignitionConfig = object('IgnitionConfig', {
  append: array(configReference),
  replace: ptr(configReference),
});
export const ignition = object('Ignition', { version: string(), config: ignitionConfig });

export const partition = object('Partition', {
  label: string(),
  number: int(),
  size: int(),
  start: int(),
  typeGuid: string(),
});
export const disk = object('Disk', { device: string(), wipeTable: bool(), partitions: array(partition) });
export const raid = object('Raid', { name: string(), level: string(), devices: array(string()), spares: int() });
export const create = object('FilesystemCreate', { force: bool(), options: array(string()) });
export const mount = object('FilesystemMount', { device: string(), format: string(), create: ptr(create) });
export const filesystem = object('Filesystem', { name: string(), mount: ptr(mount), path: optString() });
export const fileContents = object('FileContents', { compression: string(), source: string(), verification });
export const fileUser = object('FileUser', { id: int() });
export const fileGroup = object('FileGroup', { id: int() });
export const file = object('File', {
  filesystem: string(),
  path: string(),
  contents: fileContents,
  mode: int(),
  user: fileUser,
  group: fileGroup,
});
export const storage = object('Storage', {
  disks: array(disk),
  raid: array(raid),
  filesystems: array(filesystem),
  files: array(file),
});

export const dropin = object('SystemdUnitDropIn', { name: string(), contents: string() });
export const unit = object('SystemdUnit', {
  name: string(),
  enable: bool(),
  mask: bool(),
  contents: string(),
  dropins: array(dropin),
});
export const systemd = object('Systemd', { units: array(unit) });
export const networkdUnit = object('NetworkdUnit', { name: string(), contents: string() });
export const networkd = object('Networkd', { units: array(networkdUnit) });

export const userCreate = object('UserCreate', {
  uid: optInt(),
  gecos: string(),
  homeDir: string(),
  noCreateHome: bool(),
  primaryGroup: string(),
  groups: array(string()),
  noUserGroup: bool(),
  system: bool(),
  noLogInit: bool(),
  shell: string(),
});
export const user = object('User', {
  name: string(),
  passwordHash: string(),
  sshAuthorizedKeys: array(string()),
  create: ptr(userCreate),
});
export const group = object('Group', { name: string(), gid: optInt(), passwordHash: string(), system: bool() });
export const passwd = object('Passwd', { users: array(user), groups: array(group) });

export const config = object('Config', { ignition, storage, systemd, networkd, passwd }, { required: ['ignition'] });
