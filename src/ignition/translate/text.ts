/**
 * Translating a config text to a chosen 3.x version: read it as any version
 * (parseAnyVersion: validated with its own rules, translated from its own
 * version directly to the target: up, or down refusing what the target lacks),
 * then validate the result with the target's rules, as ign-converter does
 * ("converted spec has unexpected fatal error").
 */
import { errorAt, Report, type Issue } from '../../core/index.js';
import { correlate, type SourceIndex } from '../../source/index.js';
import { vcontextColumns } from '../vcontext-columns.js';
import {
  parseAnyVersion,
  upgradeValidated,
  type ParseAnyOptions,
  type ParseAnyResult,
  type ValidatedConfig,
} from '../parse-any.js';
import { findSpecVersion } from '../versions.js';
import { translateConfig, type TranslateVersion } from './index.js';

export const RESULT_INVALID = 'IGN_TRANSLATE_RESULT_INVALID';

export interface TranslateTextResult {
  /** ignition.version of the input, when it is a string. */
  readonly version?: string;
  /** The config of the target version, when there is no error. */
  readonly config?: unknown;
  /** Input validation issues, refusals and problems of the result, with line:col of the input where known. */
  readonly report: Report;
}

export function translateConfigText(
  text: string,
  to: TranslateVersion,
  opts: ParseAnyOptions = {},
): TranslateTextResult {
  return translateParsed(parseAnyVersion(text, { ...opts, target: to }), to);
}

/** translateConfigText for a config already validated (see upgradeValidated): no text read again. */
export function translateValidated(
  validated: ValidatedConfig,
  to: TranslateVersion,
  opts: ParseAnyOptions = {},
): TranslateTextResult {
  return translateParsed(upgradeValidated(validated, { ...opts, target: to }), to);
}

function translateParsed(parsed: ParseAnyResult, to: TranslateVersion): TranslateTextResult {
  const base = parsed.version === undefined ? {} : { version: parsed.version };
  if (parsed.config === undefined || parsed.report.isFatal()) return { ...base, report: parsed.report };

  // A 3.x config newer than the target: down, refusing what the target lacks.
  const down = translateConfig(parsed.config, parsed.configVersion ?? to, to);
  if (down.config === undefined) return { ...base, report: parsed.report.merge(place(parsed.index, down.report)) };

  const spec = findSpecVersion(to)!;
  const problems = spec
    .validate(down.config)
    .issues.filter((i) => i.severity === 'error')
    .map((i): Issue => errorAt(RESULT_INVALID, i.path, `the translated ${to} config is invalid: ${i.message}`));
  if (problems.length > 0) return { ...base, report: parsed.report.merge(place(parsed.index, new Report(problems))) };
  return { ...base, config: down.config, report: parsed.report };
}

/**
 * Places issues at line:col of the input (its paths are the same in every
 * 3.x version), through the input's own index; as vcontext does, an issue
 * about an object or array one column after its `{` or `[` (vcontextColumns).
 */
function place(index: SourceIndex, report: Report): Report {
  return vcontextColumns(correlate(report, index), index);
}
