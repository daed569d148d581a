/** Ignition spec 3.3.0: schema, decoded type, semantic rules. Frozen. */
import { V3_3 } from '../rules/v3/features.js';
import type { Infer } from '../schema/index.js';
import { v3Version } from '../version-module.js';
import { config } from './schema.js';

export type Config = Infer<typeof config>;
export const { schema, features, validate, spec } = v3Version<typeof config, Config>(config, V3_3);
