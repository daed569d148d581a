import type { Issue } from '../../core/index.js';
import { schema as ignSchema, SPEC_VERSIONS, translateConfig } from '../../ignition/index.js';
import type { TranslationSet } from '../translation-set.js';
import { mapToButane } from './ignition-check.js';
import { pruneEmpty } from './marshal.js';
import type { ButaneSpec } from './spec.js';

/** Beyond Butane: the translated config written as an older 3.x spec (issues mapped to the YAML). */
export function translateDown(spec: ButaneSpec, config: unknown, target: string, ts: TranslationSet) {
  const from = spec.ignition.version;
  // The config was checked with Ignition's rules before (ignitionIssues): decode the pruned object as
  // Ignition would read it (zero values filled in) instead of printing it and validating the text again.
  const pruned = pruneEmpty(spec.ignition.schema, config) as { ignition?: object };
  const decoded = ignSchema.decode(spec.ignition.schema, {
    ...pruned,
    ignition: { ...pruned.ignition, version: from },
  });
  const r = translateConfig(decoded.value, from, target);
  if (r.config === undefined)
    return { issues: r.report.issues.map((i) => mapToButane(ts, i)), schema: undefined, config: undefined };
  const targetSpec = specFor(target);
  return { issues: [] as Issue[], schema: targetSpec, config: r.config };
}

function specFor(version: string) {
  return SPEC_VERSIONS.find((s) => s.version === version)!.schema;
}
