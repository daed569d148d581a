/** Ignition spec 2.3.0: schema, decoded type, semantic rules (coreos/ignition v0.35.0). Frozen. */
import type { Issue, Report } from '../../core/index.js';
import { V2_3 } from '../rules/v2/features.js';
import type { V2Config } from '../rules/v2/shape.js';
import { v2UnusedKeys } from '../rules/v2/unused.js';
import { validateV2, validateV2Detailed } from '../rules/v2/validate-v2.js';
import type { Infer } from '../schema/index.js';
import type { SpecVersion } from '../spec-version.js';
import { config } from './schema.js';

export const schema = config;
export type Config = Infer<typeof config>;
export const features = V2_3;

export function validate(cfg: Config): Report {
  return validateV2(cfg as unknown as V2Config, features);
}

/** Unused keys as this version's Ignition reports them (see rules/v2/unused.ts). */
export function reportUnused(cfg: Config, unused: readonly Issue[]): Issue[] {
  return v2UnusedKeys(schema, validateV2Detailed(cfg as unknown as V2Config, features).blocked, unused);
}

export const spec: SpecVersion<Config> = { version: '2.3.0', schema, validate, reportUnused };
