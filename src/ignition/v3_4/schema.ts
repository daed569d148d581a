/**
 * Ignition spec 3.4.0 (config/v3_4/types/schema.go): 3.3 plus tang
 * advertisement, luks discard and openOptions. Frozen.
 */
import { array, extend, optBool, optString, string } from '../schema/index.js';
import * as prev from '../v3_3/schema.js';

export const verification = prev.verification;
export const httpHeader = prev.httpHeader;
export const resource = prev.resource;
export const ignition = prev.ignition;
export const nodeFields = prev.nodeFields;
export const file = prev.file;
export const directory = prev.directory;
export const link = prev.link;
export const partition = prev.partition;
export const disk = prev.disk;
export const filesystem = prev.filesystem;
export const raid = prev.raid;
export const clevisCustom = prev.clevisCustom;
export const tang = extend(prev.tang, { advertisement: optString() });
export const clevis = extend(prev.clevis, { tang: array(tang) });
export const luks = extend(prev.luks, { clevis, discard: optBool(), openOptions: array(string('types.OpenOption')) });
export const storage = extend(prev.storage, { luks: array(luks) });
export const passwdGroup = prev.passwdGroup;
export const passwdUser = prev.passwdUser;
export const passwd = prev.passwd;
export const dropin = prev.dropin;
export const unit = prev.unit;
export const systemd = prev.systemd;
export const kernelArguments = prev.kernelArguments;
export const config = extend(prev.config, { storage });
