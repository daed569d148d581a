/** Ignition spec 2.1.0: schema, decoded type, semantic rules (coreos/ignition v0.35.0). Frozen. */
import { V2_1 } from '../rules/v2/features.js';
import type { Infer } from '../schema/index.js';
import { v2Version } from '../version-module.js';
import { config } from './schema.js';

export type Config = Infer<typeof config>;
export const { schema, features, validate, reportUnused, spec } = v2Version<typeof config, Config>(config, V2_1);
