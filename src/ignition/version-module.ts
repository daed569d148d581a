/**
 * What every spec version's `index.ts` exports (its schema, features, rules
 * and `SpecVersion`), made once: a version's index names only its schema and
 * its features row.
 */
import type { Issue, Report } from '../core/index.js';
import type { V3Features } from './rules/v3/features.js';
import type { V3Config } from './rules/v3/shape.js';
import { validateV3 } from './rules/v3/validate-v3.js';
import type { V2Features } from './rules/v2/features.js';
import type { V2Config } from './rules/v2/shape.js';
import { v2UnusedKeys } from './rules/v2/unused.js';
import { validateV2, validateV2Detailed } from './rules/v2/validate-v2.js';
import type { ObjectNode } from './schema/index.js';
import type { SpecVersion } from './spec-version.js';

/** `S` the schema's type, `C` the config it decodes to (`Infer<S>`, given by the caller). */
export interface VersionModule<S extends ObjectNode, C, F> {
  readonly schema: S;
  readonly features: F;
  validate(cfg: C): Report;
  readonly spec: SpecVersion<C>;
}

/** A 3.x version: the 3.x rules with its features. */
export function v3Version<S extends ObjectNode, C extends V3Config>(
  schema: S,
  features: V3Features,
): VersionModule<S, C, V3Features> {
  const validate = (cfg: C): Report => validateV3(cfg, features);
  return { schema, features, validate, spec: { version: features.version, schema, validate } };
}

/** A 2.x version: the 2.x rules with its features, and unused keys as that Ignition reports them (rules/v2/unused.ts). */
export function v2Version<S extends ObjectNode, C extends V2Config>(
  schema: S,
  features: V2Features,
): VersionModule<S, C, V2Features> & { reportUnused(cfg: C, unused: readonly Issue[]): Issue[] } {
  const validate = (cfg: C): Report => validateV2(cfg, features);
  const reportUnused = (cfg: C, unused: readonly Issue[]): Issue[] =>
    v2UnusedKeys(schema, validateV2Detailed(cfg, features).blocked, unused);
  return {
    schema,
    features,
    validate,
    reportUnused,
    spec: { version: features.version, schema, validate, reportUnused },
  };
}
