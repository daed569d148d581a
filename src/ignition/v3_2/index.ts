/** Ignition spec 3.2.0: schema, decoded type, semantic rules. Frozen. */
import { V3_2 } from '../rules/v3/features.js';
import type { Infer } from '../schema/index.js';
import { v3Version } from '../version-module.js';
import { config } from './schema.js';

export type Config = Infer<typeof config>;
export const { schema, features, validate, spec } = v3Version<typeof config, Config>(config, V3_2);
