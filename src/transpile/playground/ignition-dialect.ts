import { Report } from '../../core/index.js';
import {
  ALL_SPEC_VERSIONS,
  findSpecVersion,
  marshalConfig,
  parseTargetVersion,
  TRANSLATE_VERSIONS,
  translateConfigText,
  validateConfigText,
  type TranslationRules,
} from '../../ignition/index.js';
import { resultOf, type Dialect, type PlaygroundResult } from './dialect.js';
import { IGNITION_EXAMPLES } from './examples.js';

/**
 * Raw Ignition, spec 2.0.0 to 3.6.0 (the version is the config's own
 * ignition.version). Without a target: validated with its version's rules and
 * written back as that version, pretty, as Go's encoding/json writes it. With
 * a target (3.0.0 to 3.6.0): read as any version, translated up or down
 * (refusals are issues at the input's line:col), validated as the target.
 */
function runIgnition(
  source: string,
  target: string | undefined,
  options: { readonly rules?: TranslationRules | undefined } = {},
): PlaygroundResult {
  if (target === undefined) {
    const { version, config, report } = validateConfigText(source, { versions: ALL_SPEC_VERSIONS });
    const spec = version === undefined ? undefined : findSpecVersion(version, ALL_SPEC_VERSIONS);
    if (config === undefined || spec === undefined) return resultOf(undefined, report);
    return resultOf(marshalConfig(spec.schema, config, { pretty: true }), report);
  }
  const to = parseTargetVersion(target);
  if (to === undefined) return resultOf(undefined, Report.empty); // unreachable: the caller checks targets
  const result = translateConfigText(source, to, { rules: options.rules ?? 'flatcar' });
  const output =
    result.config === undefined
      ? undefined
      : marshalConfig(findSpecVersion(to)!.schema, result.config, { pretty: true });
  return resultOf(output, result.report);
}

export const IGNITION_DIALECT: Dialect = {
  id: 'ignition',
  label: 'Ignition (JSON, spec 1, 2.0–3.6)',
  note: 'The spec version is the config’s own ignition.version (2.0.0 to 3.6.0, or ignitionVersion 1); pick a target to translate it to another 3.x version.',
  language: 'json',
  targets: TRANSLATE_VERSIONS,
  defaultTargetLabel: 'as written (its ignition.version)',
  examples: IGNITION_EXAMPLES,
  run: runIgnition,
};
