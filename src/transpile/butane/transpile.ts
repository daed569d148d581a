/**
 * The Butane pipeline (Butane 0.29 config.TranslateBytes): YAML → variant
 * and version → the version's struct (type errors, unused keys) → Butane
 * rules → translation with sugar → field filters → Ignition rules → JSON.
 * Pure: local files and gzip come through ButanePorts.
 */
import { pushAll, Report, type Issue, type JsonPath, type Range } from '../../core/index.js';
import { schema as ignSchema, SPEC_VERSIONS, translateConfig } from '../../ignition/index.js';
import { decodeString, goYamlLinePrefix, parseYaml, type IndexEntry, type SourceIndex } from '../../source/index.js';
import { TranslationSet } from '../translation-set.js';
import { MSG, type ButaneIssueCode } from './codes.js';
import { decodeButane, duplicatePairs, type TypeError } from './decode.js';
import { fieldFilterIssues, ignitionIssues, mapToButane } from './ignition-check.js';
import { marshalButane, pruneEmpty } from './marshal.js';
import { addMountUnits } from './mount-units.js';
import type { ButanePorts } from './ports.js';
import { b, butaneSchema, type BNode } from './schema.js';
import { normalizeSemverStrict } from '../../go/index.js';
import type { ButaneSpec } from './spec.js';
import { translateValue } from './translate.js';
import { processTrees } from './trees.js';
import { processQuadlets } from './quadlets.js';
import { validateSource } from './validate-source.js';
import { findButaneSpec } from './variants.js';
import { embeddedCheck } from './embedded-config.js';
import { correlateVisible } from './correlate-visible.js';
import { fcosConfigRules, fcosExtras, fcosSugarRules, partitionWarnings, processGrub } from './fcos.js';
import { processBootDevice } from './boot-device.js';

/** go-yaml failures raised while decoding (so only where the decoder goes), not while parsing. */
const DECODE_FATAL = new Set(['SRC_YAML_ALIAS_CYCLE', 'SRC_YAML_MERGE_INVALID']);

/** True when go-yaml decoding into `schema` would visit `path` (every key a known field). */
function reachable(schema: BNode, path: JsonPath): boolean {
  return nodeAt(schema, path) !== undefined;
}

function nodeAt(schema: BNode, path: JsonPath): BNode | undefined {
  let node: BNode | undefined = schema;
  for (const seg of path) {
    if (node === undefined) return undefined;
    if (node.kind === 'array') node = typeof seg === 'number' ? node.items : undefined;
    else if (node.kind === 'object') node = typeof seg === 'string' && Object.hasOwn(node.fields, seg) ? node.fields[seg] : undefined;
    else return undefined;
  }
  return node;
}

/** The Butane Tang struct of a version (from its luks.clevis.tang), for boot_device.luks.tang. */
function tangNode(root: BNode): BNode {
  const at = (n: BNode | undefined, k: string): BNode | undefined => (n?.kind === 'object' ? n.fields[k] : n?.kind === 'array' ? at(n.items, k) : undefined);
  const tang = at(at(at(at(root, 'storage'), 'luks'), 'clevis'), 'tang');
  return tang?.kind === 'array' ? tang.items : b.obj('Tang', { thumbprint: b.str(), url: b.str() });
}

export interface ButaneOptions {
  readonly pretty?: boolean;
  readonly ports?: ButanePorts;
  /** Beyond Butane: write this older 3.x spec (down-translation refuses what it lacks). */
  readonly ignitionVersion?: string;
}

/** Why the run failed: Butane's `Error translating config: <reason>`. */
export interface ButaneFailure {
  readonly code: ButaneIssueCode;
  readonly reason: string;
  /** Where in the YAML, when the failure has a place (a YAML syntax error, a duplicate key). */
  readonly range?: Range;
}

export interface ButaneResult {
  /** The Ignition JSON (no final newline), when the run succeeded. */
  readonly output: string | undefined;
  readonly config: unknown | undefined;
  /** Butane's report entries, correlated to line:column of the YAML. */
  readonly report: Report;
  readonly failure: ButaneFailure | undefined;
  readonly translations: TranslationSet | undefined;
  readonly spec: ButaneSpec | undefined;
  readonly index: SourceIndex;
}

const cache = new Map<ButaneSpec, BNode>();
/** The Butane input schema of a variant/version (base structs plus the fcos extras); cached. */
export function schemaOf(spec: ButaneSpec): BNode {
  let s = cache.get(spec);
  if (s === undefined) {
    const base = butaneSchema(spec.ignition.schema, spec.sugar);
    s = spec.variant === 'fcos' ? butaneSchema(spec.ignition.schema, spec.sugar, fcosExtras(spec, tangNode(base))) : base;
    cache.set(spec, s);
  }
  return s;
}

function scalarText(index: SourceIndex, key: string): { text?: string; typeError?: string } {
  const e: IndexEntry | undefined = index.get([key]);
  if (e === undefined) return {};
  if (e.kind !== 'scalar') return { typeError: `line ${e.range.start.line}: cannot unmarshal ${e.tag ?? (e.kind === 'mapping' ? '!!map' : '!!seq')} into string` };
  const r = decodeString(e);
  return { text: r.ok && typeof r.value === 'string' ? r.value : '' };
}

export function transpileButane(text: string | Uint8Array, options: ButaneOptions = {}): ButaneResult {
  const ports = options.ports ?? {};
  const parsed = parseYaml(text, { multiDocument: 'ignore' });
  const index = parsed.index;
  const fail = (code: ButaneFailure['code'], reason: string, report = Report.empty, extra: Partial<ButaneResult> = {}, range?: Range): ButaneResult => ({
    output: undefined,
    config: undefined,
    report,
    failure: range === undefined ? { code, reason } : { code, reason, range },
    translations: undefined,
    spec: undefined,
    index,
    ...extra,
  });
  // go-yaml reports duplicate keys as unmarshal errors, not syntax errors: at the root while
  // reading variant/version, deeper ones while decoding the struct.
  // Duplicate keys and alias cycles are go-yaml decode errors: they count only where the
  // decoder goes (known fields), unlike syntax errors.
  const dupKeys = parsed.report.issues.filter((i) => i.code === 'SRC_YAML_DUPLICATE_KEY');
  const cycles = parsed.report.issues.filter((i) => DECODE_FATAL.has(i.code));
  const onlyDups =
    dupKeys.length + cycles.length > 0 &&
    parsed.report.issues.every((i) => i.severity !== 'error' || i.code === 'SRC_YAML_DUPLICATE_KEY' || DECODE_FATAL.has(i.code));
  const dupMappings = onlyDups ? duplicatePairs(dupKeys) : new Map<string, TypeError[]>();
  const rootDups = dupMappings.get('[]') ?? [];
  if (rootDups.length > 0) {
    const lines = rootDups.map((t) => `  line ${t.line}: ${t.message}`).join('\n');
    const at = dupKeys.find((i) => i.path.length === 1)?.range;
    return fail('BUTANE_YAML_INVALID', `Error unmarshaling yaml: yaml: unmarshal errors:\n${lines}`, Report.empty, {}, at);
  }
  if (parsed.report.isFatal() && !onlyDups) {
    const first = parsed.report.issues.find((i) => i.severity === 'error');
    // go-yaml's reader errors (invalid UTF-8) carry no line.
    const line = first?.code === 'SRC_YAML_INVALID_UTF8' ? undefined : first?.range?.start.line;
    const where = first?.code === 'SRC_YAML_NO_NODE_CONTENT' ? goYamlLinePrefix(first) : line === undefined ? '' : `line ${line}: `;
    const reason = `Error unmarshaling yaml: yaml: ${where}${first?.message ?? 'invalid YAML'}`;
    return fail('BUTANE_YAML_INVALID', reason, Report.empty, {}, first?.range);
  }
  if (index.root !== undefined && index.root.kind !== 'mapping' && !parsed.empty) {
    const e = index.root;
    const what = e.kind === 'scalar' ? `!!str \`${e.text ?? ''}\`` : '!!seq';
    return fail('BUTANE_YAML_INVALID', `Error unmarshaling yaml: yaml: unmarshal errors:\n  line ${e.range.start.line}: cannot unmarshal ${what} into config.commonFields`);
  }
  const variant = scalarText(index, 'variant');
  const version = scalarText(index, 'version');
  const typeErrs = [variant.typeError, version.typeError].filter((x): x is string => x !== undefined);
  if (typeErrs.length > 0) return fail('BUTANE_YAML_INVALID', `Error unmarshaling yaml: yaml: unmarshal errors:\n  ${typeErrs.join('\n  ')}`);
  if (variant.text === undefined || variant.text === '') return fail('BUTANE_VARIANT_MISSING', MSG.noVariant);
  const semver = normalizeSemverStrict(version.text ?? '');
  if (semver === undefined) return fail('BUTANE_VERSION_INVALID', MSG.invalidVersion);
  const spec = findButaneSpec(variant.text, semver);
  if (spec === undefined) return fail('BUTANE_VERSION_UNKNOWN', `No translator exists for variant ${variant.text} with version ${semver}`);

  const schema = schemaOf(spec);
  // A mapping with duplicate keys is not decoded at all, so nothing below it is reached.
  const blocked = (path: JsonPath): boolean => [...dupMappings.values()].some((errs) => errs.some((e) => e.path.every((seg, k) => seg === path[k])));
  // A bad merge is found only when decoding into a struct (into a list go-yaml fails on the type first).
  const reachedCycle = cycles.find(
    (c) => reachable(schema, c.path) && !blocked(c.path) && (c.code !== 'SRC_YAML_MERGE_INVALID' || nodeAt(schema, c.path)?.kind === 'object'),
  );
  if (onlyDups && reachedCycle !== undefined) return fail('BUTANE_YAML_INVALID', `yaml: ${reachedCycle.message}`, Report.empty, { spec });
  const decoded = decodeButane(schema, index, spec.basePackage, dupMappings);
  const typeErrors = decoded.typeErrors;
  if (typeErrors.length > 0) {
    const lines = typeErrors.map((t) => `  line ${t.line}: ${t.message}`).join('\n');
    return fail('BUTANE_TYPE_MISMATCH', `yaml: unmarshal errors:\n${lines}`, Report.empty, { spec });
  }
  const value = decoded.value;
  const issues: Issue[] = [...decoded.unused];
  const done = (failure: ButaneFailure | undefined, extra: Partial<ButaneResult> = {}): ButaneResult => ({
    output: undefined,
    config: undefined,
    failure,
    translations: undefined,
    spec,
    index,
    ...extra,
    report: correlateVisible(new Report(issues), index),
  });

  // Butane-level rules.
  pushAll(issues, fcosConfigRules(spec, value));
  pushAll(issues, validateSource(schema, value, embeddedCheck(spec)));
  pushAll(issues, fcosSugarRules(spec, value));
  if (issues.some((i) => i.severity === 'error')) return done({ code: 'BUTANE_SOURCE_INVALID', reason: MSG.invalidSource });

  // Translation.
  let ts = new TranslationSet();
  const sugarIssues: Issue[] = [];
  const ctx = {
    ports,
    ts,
    issues: sugarIssues,
    legacy: !spec.sugar.local,
  };
  let config = translateValue(spec.ignition.schema, value, [], [], ctx) as Record<string, unknown>;
  config.ignition = { ...((config.ignition as object | undefined) ?? {}), version: spec.outputVersion };
  ts.add(['version'], ['ignition', 'version']);
  // Butane maps $.ignition from $.ignition even when the YAML has none; Hull points at version then.
  ts.add(index.has(['ignition']) ? ['ignition'] : ['version'], ['ignition']);
  ts = addMountUnits(value, config, ts);
  processTrees(value, config, ts, ports, sugarIssues);
  if (spec.sugar.quadlets) processQuadlets(value, config, ts, ports, sugarIssues);
  pushAll(issues, sugarIssues);
  if (issues.some((i) => i.severity === 'error')) return done({ code: 'BUTANE_SOURCE_INVALID', reason: MSG.invalidSource });
  if (spec.variant === 'fcos') {
    ({ config, ts } = processBootDevice(spec, value, config, ts));
    pushAll(issues, partitionWarnings(spec, config).map((i) => mapToButane(ts, i)));
    ({ config, ts } = processGrub(value, config, ts, ports));
  }
  if (issues.some((i) => i.severity === 'error')) return done({ code: 'BUTANE_SOURCE_INVALID', reason: MSG.invalidSource });

  pushAll(issues, fieldFilterIssues(spec, config, ts));
  if (issues.some((i) => i.severity === 'error')) return done({ code: 'BUTANE_SOURCE_INVALID', reason: MSG.invalidSource });

  pushAll(issues, ignitionIssues(spec, config, ts));
  if (issues.some((i) => i.severity === 'error')) return done({ code: 'BUTANE_GENERATED_INVALID', reason: MSG.invalidGenerated }, { translations: ts });

  let outSchema = spec.ignition.schema;
  let outConfig: unknown = config;
  if (options.ignitionVersion !== undefined && options.ignitionVersion !== spec.outputVersion) {
    const down = translateDown(spec, config, options.ignitionVersion, ts);
    if (down.issues.length > 0) {
      pushAll(issues, down.issues);
      return done({ code: 'BUTANE_SOURCE_INVALID', reason: `cannot translate to Ignition ${options.ignitionVersion}` }, { translations: ts });
    }
    outSchema = down.schema!;
    outConfig = down.config;
  }
  const output = marshalButane(outSchema, outConfig, options.pretty === true);
  return done(undefined, { output, config: pruneEmpty(outSchema, outConfig), translations: ts });
}

function translateDown(spec: ButaneSpec, config: unknown, target: string, ts: TranslationSet) {
  const from = spec.ignition.version;
  // The config was checked with Ignition's rules above (ignitionIssues): decode the pruned object as
  // Ignition would read it (zero values filled in) instead of printing it and validating the text again.
  const pruned = pruneEmpty(spec.ignition.schema, config) as { ignition?: object };
  const decoded = ignSchema.decode(spec.ignition.schema, { ...pruned, ignition: { ...pruned.ignition, version: from } });
  const r = translateConfig(decoded.value, from, target);
  if (r.config === undefined) return { issues: r.report.issues.map((i) => mapToButane(ts, i)), schema: undefined, config: undefined };
  const targetSpec = specFor(target);
  return { issues: [] as Issue[], schema: targetSpec, config: r.config };
}

function specFor(version: string) {
  return SPEC_VERSIONS.find((s) => s.version === version)!.schema;
}

