/**
 * Ignition spec 3.3.0 (config/v3_3/types/schema.go): 3.2 plus top-level
 * kernelArguments; clevis and its custom pin become plain structs with
 * optional fields; link target and raid level/devices become optional. Frozen.
 */
import { array, extend, object, optBool, optString, string } from '../schema/index.js';
import * as prev from '../v3_2/schema.js';

/** Everything of 3.2 not redefined below. */
export * from '../v3_2/schema.js';

export const link = extend(prev.link, { target: optString() }, { required: ['path'] });
export const raid = extend(prev.raid, { level: optString() }, { required: ['name'] });

export const clevisCustom = object('ClevisCustom', { config: optString(), needsNetwork: optBool(), pin: optString() });
export const clevis = extend(prev.clevis, { custom: clevisCustom });
export const luks = extend(prev.luks, { clevis });
export const storage = extend(prev.storage, { links: array(link), luks: array(luks), raid: array(raid) });

export const kernelArguments = object('KernelArguments', {
  shouldExist: array(string('types.KernelArgument')),
  shouldNotExist: array(string('types.KernelArgument')),
});
export const config = extend(prev.config, { kernelArguments, storage });
