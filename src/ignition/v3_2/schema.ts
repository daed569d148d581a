/**
 * Ignition spec 3.2.0 (config/v3_2/types/schema.go): 3.1 plus storage.luks
 * (with clevis, tang, custom pins), partition resize, user/group
 * shouldExist. Frozen.
 */
import { array, extend, object, optBool, optInt, optString, ptr, string } from '../schema/index.js';
import * as prev from '../v3_1/schema.js';

/** Everything of 3.1 not redefined below. */
export * from '../v3_1/schema.js';

export const partition = extend(prev.partition, { resize: optBool() });
export const disk = extend(prev.disk, { partitions: array(partition) });

export const custom = object(
  'Custom',
  { config: string(), needsNetwork: optBool(), pin: string() },
  { required: ['config', 'pin'] },
);
export const tang = object('Tang', { thumbprint: optString(), url: string() });
export const clevis = object('Clevis', {
  custom: ptr(custom),
  tang: array(tang),
  threshold: optInt(),
  tpm2: optBool(),
});
export const luks = object(
  'Luks',
  {
    clevis: ptr(clevis),
    device: optString(),
    keyFile: prev.resource,
    label: optString(),
    name: string(),
    options: array(string('types.LuksOption')),
    uuid: optString(),
    wipeVolume: optBool(),
  },
  { required: ['name'] },
);
export const storage = extend(prev.storage, { disks: array(disk), luks: array(luks) });

export const passwdGroup = extend(prev.passwdGroup, { shouldExist: optBool() });
export const passwdUser = extend(prev.passwdUser, { shouldExist: optBool() });
export const passwd = object('Passwd', { groups: array(passwdGroup), users: array(passwdUser) });

export const config = extend(prev.config, { passwd, storage });
