/** Ignition spec 3.5.0: schema, decoded type, semantic rules. Frozen. */
import type { Report } from '../../core/index.js';
import { V3_5 } from '../rules/v3/features.js';
import type { V3Config } from '../rules/v3/shape.js';
import { validateV3 } from '../rules/v3/validate-v3.js';
import type { Infer } from '../schema/index.js';
import type { SpecVersion } from '../spec-version.js';
import { config } from './schema.js';

export const schema = config;
export type Config = Infer<typeof config>;
export const features = V3_5;

export function validate(cfg: Config): Report {
  return validateV3(cfg as unknown as V3Config, features);
}

export const spec: SpecVersion<Config> = { version: '3.5.0', schema, validate };
