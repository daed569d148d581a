import { Report, type Issue, type JsonPath, type Range } from '../../core/index.js';
import { normalizeSemverStrict } from '../../go/index.js';
import { decodeString, goYamlLinePrefix, parseYaml, type IndexEntry, type SourceIndex } from '../../source/index.js';
import { butaneMessage } from './messages.js';
import { decodeButane, duplicatePairs, type BObject, type TypeError as DecodeTypeError } from './decode.js';
import type { ButaneFailure, ButaneResult } from './result.js';
import type { BNode } from './schema.js';
import { schemaOf } from './schema-of.js';
import type { ButaneSpec } from './spec.js';
import { findButaneSpec } from './variants.js';

/** go-yaml failures raised while decoding (so only where the decoder goes), not while parsing. */
const DECODE_FATAL = new Set(['SRC_YAML_ALIAS_CYCLE', 'SRC_YAML_MERGE_INVALID']);

/** A Butane config read as its version's struct: what the rules and the translation start from. */
export interface DecodedSource {
  readonly index: SourceIndex;
  readonly spec: ButaneSpec;
  readonly schema: BNode;
  readonly value: BObject;
  /** Unused keys (warnings). */
  readonly unused: readonly Issue[];
}

/** True when go-yaml decoding into `schema` would visit `path` (every key a known field). */
function reachable(schema: BNode, path: JsonPath): boolean {
  return nodeAt(schema, path) !== undefined;
}

function nodeAt(schema: BNode, path: JsonPath): BNode | undefined {
  let node: BNode | undefined = schema;
  for (const seg of path) {
    if (node === undefined) return undefined;
    if (node.kind === 'array') node = typeof seg === 'number' ? node.items : undefined;
    else if (node.kind === 'object')
      node = typeof seg === 'string' && Object.hasOwn(node.fields, seg) ? node.fields[seg] : undefined;
    else return undefined;
  }
  return node;
}

function scalarText(index: SourceIndex, key: string): { text?: string; typeError?: string } {
  const e: IndexEntry | undefined = index.get([key]);
  if (e === undefined) return {};
  if (e.kind !== 'scalar')
    return {
      typeError: `line ${e.range.start.line}: cannot unmarshal ${e.tag ?? (e.kind === 'mapping' ? '!!map' : '!!seq')} into string`,
    };
  const r = decodeString(e);
  return { text: r.ok && typeof r.value === 'string' ? r.value : '' };
}

/**
 * Butane's first step: YAML → variant and version → the version's struct
 * (go-yaml's syntax, duplicate-key and type errors; unused keys). A failure
 * comes back as the finished result.
 */
export function decodeSource(
  text: string | Uint8Array,
): { readonly failed: ButaneResult } | { readonly failed?: undefined; readonly source: DecodedSource } {
  const parsed = parseYaml(text, { multiDocument: 'ignore' });
  const index = parsed.index;
  const fail = (code: ButaneFailure['code'], reason: string, spec?: ButaneSpec, range?: Range) => ({
    failed: {
      output: undefined,
      config: undefined,
      report: Report.empty,
      failure: range === undefined ? { code, reason } : { code, reason, range },
      translations: undefined,
      spec,
      index,
    },
  });
  // go-yaml reports duplicate keys as unmarshal errors, not syntax errors: at the root while
  // reading variant/version, deeper ones while decoding the struct.
  // Duplicate keys and alias cycles are go-yaml decode errors: they count only where the
  // decoder goes (known fields), unlike syntax errors.
  const dupKeys = parsed.report.issues.filter((i) => i.code === 'SRC_YAML_DUPLICATE_KEY');
  const cycles = parsed.report.issues.filter((i) => DECODE_FATAL.has(i.code));
  const onlyDups =
    dupKeys.length + cycles.length > 0 &&
    parsed.report.issues.every(
      (i) => i.severity !== 'error' || i.code === 'SRC_YAML_DUPLICATE_KEY' || DECODE_FATAL.has(i.code),
    );
  const dupMappings = onlyDups ? duplicatePairs(dupKeys) : new Map<string, DecodeTypeError[]>();
  const rootDups = dupMappings.get('[]') ?? [];
  if (rootDups.length > 0) {
    const lines = rootDups.map((t) => `  line ${t.line}: ${t.message}`).join('\n');
    const at = dupKeys.find((i) => i.path.length === 1)?.range;
    return fail('BUTANE_YAML_INVALID', `Error unmarshaling yaml: yaml: unmarshal errors:\n${lines}`, undefined, at);
  }
  if (parsed.report.isFatal() && !onlyDups) {
    const first = parsed.report.issues.find((i) => i.severity === 'error');
    // go-yaml's reader errors (invalid UTF-8) carry no line.
    const line = first?.code === 'SRC_YAML_INVALID_UTF8' ? undefined : first?.range?.start.line;
    const where =
      first?.code === 'SRC_YAML_NO_NODE_CONTENT' ? goYamlLinePrefix(first) : line === undefined ? '' : `line ${line}: `;
    const reason = `Error unmarshaling yaml: yaml: ${where}${first?.message ?? 'invalid YAML'}`;
    return fail('BUTANE_YAML_INVALID', reason, undefined, first?.range);
  }
  if (index.root !== undefined && index.root.kind !== 'mapping' && !parsed.empty) {
    const e = index.root;
    const what = e.kind === 'scalar' ? `!!str \`${e.text ?? ''}\`` : '!!seq';
    return fail(
      'BUTANE_YAML_INVALID',
      `Error unmarshaling yaml: yaml: unmarshal errors:\n  line ${e.range.start.line}: cannot unmarshal ${what} into config.commonFields`,
    );
  }
  const variant = scalarText(index, 'variant');
  const version = scalarText(index, 'version');
  const typeErrs = [variant.typeError, version.typeError].filter((x): x is string => x !== undefined);
  if (typeErrs.length > 0)
    return fail('BUTANE_YAML_INVALID', `Error unmarshaling yaml: yaml: unmarshal errors:\n  ${typeErrs.join('\n  ')}`);
  if (variant.text === undefined || variant.text === '')
    return fail('BUTANE_VARIANT_MISSING', butaneMessage('BUTANE_VARIANT_MISSING'));
  const semver = normalizeSemverStrict(version.text ?? '');
  if (semver === undefined) return fail('BUTANE_VERSION_INVALID', butaneMessage('BUTANE_VERSION_INVALID'));
  const spec = findButaneSpec(variant.text, semver);
  if (spec === undefined)
    return fail(
      'BUTANE_VERSION_UNKNOWN',
      butaneMessage('BUTANE_VERSION_UNKNOWN', { variant: variant.text, version: semver }),
    );

  const schema = schemaOf(spec);
  // A mapping with duplicate keys is not decoded at all, so nothing below it is reached.
  const blocked = (path: JsonPath): boolean =>
    [...dupMappings.values()].some((errs) => errs.some((e) => e.path.every((seg, k) => seg === path[k])));
  // A bad merge is found only when decoding into a struct (into a list go-yaml fails on the type first).
  const reachedCycle = cycles.find(
    (c) =>
      reachable(schema, c.path) &&
      !blocked(c.path) &&
      (c.code !== 'SRC_YAML_MERGE_INVALID' || nodeAt(schema, c.path)?.kind === 'object'),
  );
  if (onlyDups && reachedCycle !== undefined) return fail('BUTANE_YAML_INVALID', `yaml: ${reachedCycle.message}`, spec);
  const decoded = decodeButane(schema, index, spec.basePackage, dupMappings);
  const typeErrors = decoded.typeErrors;
  if (typeErrors.length > 0) {
    const lines = typeErrors.map((t) => `  line ${t.line}: ${t.message}`).join('\n');
    return fail('BUTANE_TYPE_MISMATCH', `yaml: unmarshal errors:\n${lines}`, spec);
  }
  return { source: { index, spec, schema, value: decoded.value, unused: decoded.unused } };
}
