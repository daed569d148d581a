import { errorAt, Report, warningAt, type Issue, type Range } from '../../core/index.js';
import { schema as ignSchema, v2_3 } from '../../ignition/index.js';
import { correlate, parseYaml, type SourceIndex } from '../../source/index.js';
import { convertClc, type LocalReader } from './convert.js';
import { decodeClc } from './decode.js';
import { isSupportedPlatform } from './platform.js';
import { validateClc } from './validate-clc.js';
import type { TranslationSet } from '../translation-set.js';

export interface CtOptions {
  /** ct's -platform ('' for none). */
  readonly platform?: string;
  /** Reads `contents.local` (relative to -files-dir); absent means no -files-dir. */
  readonly readLocal?: LocalReader;
}

export interface CtResult {
  /** The Ignition 2.3.0 config, when nothing fatal happened. */
  readonly config: v2_3.Config | undefined;
  /** ct's parse step: YAML, types, the Container Linux Config's own rules, unknown keys. */
  readonly parseReport: Report;
  /** ct's convert step: converters, then Ignition 2.3.0 validation mapped back to the YAML. */
  readonly convertReport: Report;
  /** Where each output place came from (YAML paths). */
  readonly translations: TranslationSet | undefined;
  /** Which step failed, if one did ('parse': ct prints "Failed to parse config"). */
  readonly failed: 'parse' | 'convert' | undefined;
}

/**
 * ct 0.9.4's pipeline: parse the Container Linux Config, validate it,
 * convert it to Ignition 2.3.0 and validate the result with Ignition's rules.
 * Pure: `contents.local` goes through `opts.readLocal`.
 */
export function transpileCt(text: string, opts: CtOptions = {}, strict = false): CtResult {
  const parsed = parseYaml(text, { multiDocument: 'ignore' });
  const none = { config: undefined, translations: undefined, convertReport: Report.empty };
  if (parsed.report.isFatal()) {
    const issues = parsed.report.issues.filter((i) => i.severity === 'error').map((i): Issue =>
      errorAt('CT_YAML_INVALID', [], `yaml: line ${i.range?.start.line ?? 1}: ${i.message}`));
    return { ...none, parseReport: new Report(issues.slice(0, 1)), failed: 'parse' };
  }
  const index = parsed.index;
  const { config, typeErrors, unknown } = decodeClc(index);
  if (typeErrors.length > 0) {
    const message = `yaml: unmarshal errors:\n${typeErrors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`;
    return { ...none, parseReport: Report.of(errorAt('CT_YAML_INVALID', [], message)), failed: 'parse' };
  }
  const parseIssues: Issue[] = [];
  if (parsed.empty) parseIssues.push(warningAt('CT_CONFIG_EMPTY', [], 'Configuration is empty'));
  parseIssues.push(...validateClc(config, unknown));
  const parseReport = parsed.empty ? new Report(parseIssues) : correlate(new Report(parseIssues), index);
  if (parseReport.isFatal() || (strict && !parseReport.isEmpty)) return { ...none, parseReport, failed: 'parse' };

  const platform = opts.platform ?? '';
  if (!isSupportedPlatform(platform)) {
    return { ...none, parseReport, convertReport: Report.of(errorAt('CT_PLATFORM_UNSUPPORTED', [], 'unsupported platform')), failed: 'convert' };
  }
  const conv = convertClc(config, { platform, readLocal: opts.readLocal });
  let convertReport = correlate(new Report(conv.issues.filter((i) => i.path.length > 0)), index).merge(new Report(conv.issues.filter((i) => i.path.length === 0)));
  if (conv.output === undefined || convertReport.isFatal()) {
    return { ...none, parseReport, convertReport, translations: conv.translations, failed: 'convert' };
  }
  const decoded = ignSchema.decode(v2_3.schema, conv.output);
  const ignReport = v2_3.validate(decoded.value);
  const mapped = ignReport.issues.map((i) => place(conv.translations.mapIssue(i), index));
  convertReport = convertReport.merge(new Report(mapped));
  const failed = convertReport.isFatal() || (strict && !convertReport.isEmpty) ? 'convert' : undefined;
  return { config: failed ? undefined : decoded.value, parseReport, convertReport, translations: conv.translations, failed };
}

/**
 * Where ct puts an Ignition-level issue: at a scalar's value, at the key of
 * a mapping member that is itself a mapping or sequence, at the `-` of a
 * sequence item.
 */
function place(issue: Issue, index: SourceIndex): Issue {
  const near = index.nearest(issue.path);
  if (near === undefined) return issue;
  const e = near.entry;
  let range: Range = e.range;
  if (e.kind !== 'scalar') {
    if (e.keyRange !== undefined) range = e.keyRange;
    else if (typeof e.path[e.path.length - 1] === 'number') {
      let off = e.range.start.offset - 1;
      while (off >= 0 && (index.text[off] === ' ' || index.text[off] === '\t')) off--;
      if (off >= 0 && index.text[off] === '-') range = index.rangeAt(off, off + 1);
    }
  }
  return { ...issue, range };
}
