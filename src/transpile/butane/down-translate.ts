import type { Issue } from '../../core/index.js';
import { SPEC_VERSIONS, translateConfig, validateConfigText } from '../../ignition/index.js';
import type { TranslationSet } from '../translation-set.js';
import { mapToButane } from './ignition-check.js';
import { pruneEmpty } from './marshal.js';
import type { ButaneSpec } from './spec.js';

/** Beyond Butane: the translated config written as an older 3.x spec (issues mapped to the YAML). */
export function translateDown(spec: ButaneSpec, config: unknown, target: string, ts: TranslationSet) {
  const from = spec.ignition.version;
  const json: unknown = JSON.parse(JSON.stringify(pruneEmpty(spec.ignition.schema, config)));
  (json as { ignition: { version: string } }).ignition.version = from;
  const check = validateConfigText(JSON.stringify(json));
  const r = translateConfig(check.config, from, target);
  if (r.config === undefined) return { issues: r.report.issues.map((i) => mapToButane(ts, i)), schema: undefined, config: undefined };
  const targetSpec = specFor(target);
  return { issues: [] as Issue[], schema: targetSpec, config: r.config };
}

function specFor(version: string) {
  return SPEC_VERSIONS.find((s) => s.version === version)!.schema;
}
