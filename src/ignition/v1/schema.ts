/**
 * Ignition spec 1 (`"ignitionVersion": 1`; coreos/ignition v0.35.0 config/v1/types/*.go, written
 * from its field list, fields in declaration order): files live inside their filesystem
 * (`storage.filesystems[].files[]`, contents as plain text, `uid`/`gid`), a filesystem is a
 * device and a format (no name, no mount object), partitions have size/start in sectors, units
 * have `enable` only. Frozen.
 */
import { array, bool, int, object, ptr, string } from '../schema/index.js';

export const partition = object(
  'Partition',
  {
    label: string('types.PartitionLabel'),
    number: int(),
    size: int('types.PartitionDimension'),
    start: int('types.PartitionDimension'),
    typeGuid: string('types.PartitionTypeGUID'),
  },
  { required: ['number', 'size', 'start'] },
);
export const disk = object('Disk', { device: string('types.Path'), wipeTable: bool(), partitions: array(partition) });
export const raid = object(
  'Raid',
  { name: string(), level: string(), devices: array(string('types.Path')), spares: int() },
  { required: ['name', 'level'] },
);
export const file = object('File', {
  path: string('types.Path'),
  contents: string(),
  mode: int('types.FileMode'),
  uid: int(),
  gid: int(),
});
export const create = object('FilesystemCreate', { force: bool(), options: array(string()) });
export const filesystem = object('Filesystem', {
  device: string('types.Path'),
  format: string('types.FilesystemFormat'),
  create: ptr(create),
  files: array(file),
});
export const storage = object('Storage', { disks: array(disk), raid: array(raid), filesystems: array(filesystem) });

export const dropin = object('SystemdUnitDropIn', { name: string('types.SystemdUnitDropInName'), contents: string() });
export const unit = object('SystemdUnit', {
  name: string('types.SystemdUnitName'),
  enable: bool(),
  mask: bool(),
  contents: string(),
  dropins: array(dropin),
});
export const systemd = object('Systemd', { units: array(unit) });
export const networkdUnit = object('NetworkdUnit', { name: string('types.NetworkdUnitName'), contents: string() });
export const networkd = object('Networkd', { units: array(networkdUnit) });

export const userCreate = object('UserCreate', {
  uid: ptr(int('uint')),
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
export const group = object('Group', { name: string(), gid: ptr(int('uint')), passwordHash: string(), system: bool() });
export const passwd = object('Passwd', { users: array(user), groups: array(group) });

export const config = object(
  'Config',
  { ignitionVersion: int(), storage, systemd, networkd, passwd },
  { required: ['ignitionVersion'] },
);
