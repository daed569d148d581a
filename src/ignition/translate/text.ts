/**
 * Translating a config text to a chosen 3.x version: read it as any version
 * (parseAnyVersion: validated with its own rules, translated from its own
 * version directly to the target: up, or down refusing what the target lacks),
 * then validate the result with the target's rules, as ign-converter does
 * ("converted spec has unexpected fatal error").
 */
import { errorAt, Report, type Issue } from '../../core/index.js';
import { correlate, parseJson } from '../../source/index.js';
import { parseAnyVersion, type ParseAnyOptions } from '../parse-any.js';
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

export function translateConfigText(text: string, to: TranslateVersion, opts: ParseAnyOptions = {}): TranslateTextResult {
  const parsed = parseAnyVersion(text, { ...opts, target: to });
  const base = parsed.version === undefined ? {} : { version: parsed.version };
  if (parsed.config === undefined || parsed.report.isFatal()) return { ...base, report: parsed.report };

  // A 3.x config newer than the target: down, refusing what the target lacks.
  const down = translateConfig(parsed.config, parsed.configVersion ?? to, to);
  if (down.config === undefined) return { ...base, report: parsed.report.merge(place(text, down.report)) };

  const spec = findSpecVersion(to)!;
  const problems = spec.validate(down.config).issues
    .filter((i) => i.severity === 'error')
    .map((i): Issue => errorAt(RESULT_INVALID, i.path, `the translated ${to} config is invalid: ${i.message}`));
  if (problems.length > 0) return { ...base, report: parsed.report.merge(place(text, new Report(problems))) };
  return { ...base, config: down.config, report: parsed.report };
}

/**
 * Places issues at line:col of the input (its paths are the same in every
 * 3.x version); as vcontext does, an issue about an object or array one
 * column after its `{` or `[`.
 */
function place(text: string, report: Report): Report {
  const { index } = parseJson(text);
  return correlate(report, index).map((i) => {
    // A path the text lacks (a missing field) is placed at its nearest ancestor, as vcontext does.
    const entry = index.get(i.path) ?? index.nearest(i.path)?.entry;
    if (i.range === undefined || entry === undefined || entry.kind === 'scalar' || i.range.start.offset !== entry.range.start.offset) return i;
    const s = i.range.start;
    return { ...i, range: { start: { line: s.line, column: s.column + 1, offset: s.offset + 1 }, end: i.range.end } };
  });
}
