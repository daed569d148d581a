import { pushAll, Report, type Issue, type JsonPath, type Range } from '../../core/index.js';
import { ct } from './messages.js';
import { schema as ignSchema, v2_3 } from '../../ignition/index.js';
import { correlate, goYamlLinePrefix, parseYaml, type SourceIndex } from '../../source/index.js';
import { convertClc, type LocalReader } from './convert/index.js';
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
  /** The YAML's position index (for placing later issues about the output: `placeCtIssue`). */
  readonly index: SourceIndex;
  /** Ignition 2.3.0's rules on the output, as paths of the output (convertReport has them placed in the YAML). */
  readonly ignitionReport: Report;
}

/**
 * ct 0.9.4's pipeline: parse the Container Linux Config, validate it,
 * convert it to Ignition 2.3.0 and validate the result with Ignition's rules.
 * Pure: `contents.local` goes through `opts.readLocal`.
 */
export function transpileCt(text: string | Uint8Array, opts: CtOptions = {}, strict = false): CtResult {
  const parsed = parseYaml(text, { multiDocument: 'ignore' });
  const none = {
    config: undefined,
    translations: undefined,
    convertReport: Report.empty,
    index: parsed.index,
    ignitionReport: Report.empty,
  };
  const unmarshal = parsed.report.issues.filter((i) => i.code === 'SRC_YAML_DUPLICATE_KEY');
  if (unmarshal.length > 0 && unmarshal.length === parsed.report.issues.filter((i) => i.severity === 'error').length) {
    const error = `yaml: unmarshal errors:\n${unmarshal.map((i) => `  line ${i.range?.start.line ?? 1}: ${i.message}`).join('\n')}`;
    return {
      ...none,
      parseReport: Report.of(ct.error('CT_YAML_INVALID', [], { error }, unmarshal[0]!.range)),
      failed: 'parse',
    };
  }
  if (parsed.report.isFatal()) {
    const issues = parsed.report.issues
      .filter((i) => i.severity === 'error')
      .map(
        (i): Issue =>
          // The parser's place (line and column) goes with it: the page underlines it, -o json prints it.
          ct.error(
            'CT_YAML_INVALID',
            [],
            {
              error:
                i.code === 'SRC_YAML_INVALID_UTF8'
                  ? `yaml: ${i.message}`
                  : i.code === 'SRC_YAML_NO_NODE_CONTENT'
                    ? `yaml: ${goYamlLinePrefix(i)}${i.message}`
                    : `yaml: line ${i.range?.start.line ?? 1}: ${i.message}`,
            },
            i.range,
          ),
      );
    return { ...none, parseReport: new Report(issues.slice(0, 1)), failed: 'parse' };
  }
  const index = parsed.index;
  const { config, typeErrors, unknown } = decodeClc(index);
  const raw = typeErrors.find((e) => e.raw === true);
  if (raw !== undefined)
    return {
      ...none,
      parseReport: Report.of(ct.error('CT_VERSION_SYNTAX', [], { error: raw.message })),
      failed: 'parse',
    };
  if (typeErrors.length > 0) {
    const error = `yaml: unmarshal errors:\n${typeErrors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`;
    return { ...none, parseReport: Report.of(ct.error('CT_YAML_INVALID', [], { error })), failed: 'parse' };
  }
  const parseIssues: Issue[] = [];
  if (parsed.empty) parseIssues.push(ct.warning('CT_CONFIG_EMPTY', []));
  pushAll(parseIssues, validateClc(config, unknown));
  const parseReport = parsed.empty
    ? new Report(parseIssues)
    : correlate(new Report(parseIssues), index, { target: keyTarget });
  if (parseReport.isFatal() || (strict && !parseReport.isEmpty)) return { ...none, parseReport, failed: 'parse' };

  const platform = opts.platform ?? '';
  if (!isSupportedPlatform(platform)) {
    return {
      ...none,
      parseReport,
      convertReport: Report.of(ct.error('CT_PLATFORM_UNSUPPORTED', [])),
      failed: 'convert',
    };
  }
  const conv = convertClc(config, { platform, readLocal: opts.readLocal });
  let convertReport = correlate(new Report(conv.issues.filter((i) => i.path.length > 0)), index).merge(
    new Report(conv.issues.filter((i) => i.path.length === 0)),
  );
  if (conv.output === undefined || convertReport.isFatal()) {
    return { ...none, parseReport, convertReport, translations: conv.translations, failed: 'convert' };
  }
  const decoded = ignSchema.decode(v2_3.schema, conv.output);
  const ignReport = v2_3.validate(decoded.value);
  const mapped = ignReport.issues.map((i) => placeCtIssue(i, index));
  convertReport = convertReport.merge(new Report(mapped));
  const failed = convertReport.isFatal() || (strict && !convertReport.isEmpty) ? 'convert' : undefined;
  return {
    config: failed ? undefined : decoded.value,
    parseReport,
    convertReport,
    translations: conv.translations,
    failed,
    index,
    ignitionReport: ignReport,
  };
}

const keyTarget = (i: Issue): 'key' | 'value' =>
  i.code === 'CT_UNKNOWN_KEY' || i.code === 'CT_DID_YOU_MEAN' ? 'key' : 'value';

/** Rules Ignition 0.35 runs on the enclosing struct, so ct reports them there: how many levels up. */
const STRUCT_LEVEL: Record<string, number> = {
  IGN_HASH_MALFORMED: 1,
  IGN_HASH_UNRECOGNIZED: 1,
  IGN_HASH_WRONG_SIZE: 1,
  IGN_FILESYSTEM_FORMAT_INVALID: 1,
  IGN_FILESYSTEM_CREATE_DEPRECATED: 2,
  IGN_PASSWD_CREATE_DEPRECATED: 1,
  IGN_PASSWD_CREATE_AND_FIELD: 1,
  IGN_FILESYSTEM_CREATE_AND_WIPE: 1,
  IGN_FILESYSTEM_CREATE_AND_OPTIONS: 1,
  // config-level rules (Config.Validate): at the document
  IGN_NODE_FILESYSTEM_UNDEFINED: Infinity,
  IGN_FILESYSTEM_SHADOWED: Infinity,
};

const camel = (key: string): string =>
  key
    .split('_')
    .map((w, i) => (i === 0 || w === '' ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join('');

/**
 * Where ct puts an Ignition-level issue: it walks the output path through
 * the YAML tree by position (list indexes as they are, YAML keys compared
 * in camelCase), stops at the first step it cannot take, and points at the
 * value of the deepest node reached. So an issue of a unit ct generated
 * lands on the user's unit with that index, as in ct.
 */
export function placeCtIssue(issue: Issue, index: SourceIndex): Issue {
  let path = issue.path;
  const up = STRUCT_LEVEL[issue.code] ?? 0;
  if (up > 0) path = path.slice(0, Math.max(0, path.length - up));
  let cur: JsonPath = [];
  let remoteSwap = false;
  for (const seg0 of path) {
    const seg = remoteSwap && seg0 === 'source' ? 'url' : seg0;
    if (cur.length === 2 && cur[0] === 'ignition' && cur[1] === 'security') break;
    let next: JsonPath | undefined;
    if (typeof seg === 'number') next = index.has([...cur, seg]) ? [...cur, seg] : undefined;
    else {
      const child = index.children(cur).find((c) => {
        const k = c.path[c.path.length - 1];
        return typeof k === 'string' && camel(k) === seg;
      });
      next = child?.path;
    }
    if (next === undefined) break;
    cur = next;
    // ct swaps a remote file's `contents` node for `contents.remote`, with `url` renamed `source`.
    if (cur.length === 4 && cur[0] === 'storage' && cur[1] === 'files' && cur[3] === 'contents') {
      const url = index.get([...cur, 'remote', 'url']);
      if (url?.kind === 'scalar' && (url.text ?? '') !== '') {
        cur = [...cur, 'remote'];
        remoteSwap = true;
      }
    }
  }
  // Ignition's validator places the issues of a scalar list item (a raid device) at the list.
  if (typeof cur[cur.length - 1] === 'number' && index.get(cur)?.kind === 'scalar') cur = cur.slice(0, -1);
  const entry = index.get(cur);
  if (entry === undefined) return issue;
  const range: Range = entry.range;
  return { ...issue, path: cur, range };
}
