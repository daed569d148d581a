/** Ignition spec 3.5.0 (config/v3_5/types/schema.go): 3.4 plus luks cex. Frozen. */
import { array, extend, object, optBool } from '../schema/index.js';
import * as prev from '../v3_4/schema.js';

/** Everything of 3.4 not redefined below. */
export * from '../v3_4/schema.js';

export const cex = object('Cex', { enabled: optBool() });
export const luks = extend(prev.luks, { cex });
export const storage = extend(prev.storage, { luks: array(luks) });
export const config = extend(prev.config, { storage });
