/**
 * Ignition spec 2.1.0 (coreos/ignition v0.35.0 config/v2_1/types/schema.go),
 * fields in Go struct order. Plain (non-pointer) mode, user and group; no
 * security, file append, node overwrite, raid options or networkd drop-ins. Frozen.
 */
import { array, int, object, string } from '../schema/index.js';
import * as v2_2 from '../v2_2/schema.js';

export const ignition = object(
  'Ignition',
  { config: v2_2.ignitionConfig, timeouts: v2_2.timeouts, version: string() },
  { required: ['version'] },
);
export const nodeFields = { filesystem: string(), group: v2_2.nodeGroup, path: string(), user: v2_2.nodeUser } as const;
export const file = object('File', { ...nodeFields, contents: v2_2.fileContents, mode: int() });
export const directory = object('Directory', { ...nodeFields, mode: int() });
export const link = object('Link', { ...nodeFields, hard: v2_2.link.fields.hard, target: string() });
export const raid = object('Raid', {
  devices: array(string('types.Device')),
  level: string(),
  name: string(),
  spares: int(),
});
export const storage = object('Storage', {
  directories: array(directory),
  disks: array(v2_2.disk),
  files: array(file),
  filesystems: array(v2_2.filesystem),
  links: array(link),
  raid: array(raid),
});
export const passwdUser = object('PasswdUser', {
  ...v2_2.passwdUser.fields,
  groups: array(string('types.PasswdUserGroup')),
});
export const passwd = object('Passwd', { groups: array(v2_2.passwdGroup), users: array(passwdUser) });
export const dropin = object('Dropin', { contents: string(), name: string() });
export const unit = object('Unit', { ...v2_2.unit.fields, dropins: array(dropin) });
export const systemd = object('Systemd', { units: array(unit) });
export const networkdUnit = object('Networkdunit', { contents: string(), name: string() });
export const networkd = object('Networkd', { units: array(networkdUnit) });
export const config = object('Config', { ignition, networkd, passwd, storage, systemd }, { required: ['ignition'] });
