/**
 * Ignition spec 1 (`"ignitionVersion": 1`): schema, decoded type, semantic rules (coreos/ignition
 * v0.35.0 config/v1). Selected by validateConfigText when the config has `ignitionVersion` and no
 * 2.x/3.x `ignition.version` (as Ignition's 2.0 parser falls back to v1.Parse), upgraded to 2.0
 * by translate/from-v2 (`up1to20`). Frozen.
 */
import { Report, warningAt, type Issue } from '../../core/index.js';
import { v2UnusedKeys } from '../rules/v2/unused.js';
import type { Infer } from '../schema/index.js';
import type { SpecVersion } from '../spec-version.js';
import { V1_DEPRECATED, validateV1Detailed } from './rules.js';
import { config } from './schema.js';

export const schema = config;
export type Config = Infer<typeof config>;
/** The version of spec 1 as Hull names it (ValidateResult.version): the `ignitionVersion` value. */
export const VERSION = '1';

/** The rules, then Ignition's "config format deprecated" warning (at ignitionVersion). */
export function validate(cfg: Config): Report {
  return validateV1Detailed(cfg).report.merge(
    Report.of(warningAt('IGN_CONFIG_DEPRECATED', ['ignitionVersion'], V1_DEPRECATED)),
  );
}

/** Unused keys as Ignition v0.35's walker reports them (rules/v2/unused.ts). */
export function reportUnused(cfg: Config, unused: readonly Issue[]): Issue[] {
  return v2UnusedKeys(schema, validateV1Detailed(cfg).blocked, unused);
}

export const spec: SpecVersion<Config> = { version: VERSION, schema, validate, reportUnused };
