/**
 * Ignition spec 3.4.0 (config/v3_4/types/schema.go): 3.3 plus tang
 * advertisement, luks discard and openOptions. Frozen.
 */
import { array, extend, optBool, optString, string } from '../schema/index.js';
import * as prev from '../v3_3/schema.js';

/** Everything of 3.3 not redefined below. */
export * from '../v3_3/schema.js';

export const tang = extend(prev.tang, { advertisement: optString() });
export const clevis = extend(prev.clevis, { tang: array(tang) });
export const luks = extend(prev.luks, { clevis, discard: optBool(), openOptions: array(string('types.OpenOption')) });
export const storage = extend(prev.storage, { luks: array(luks) });
export const config = extend(prev.config, { storage });
