import { pushAll, type Issue, type JsonPath } from '../../core/index.js';
import { ct } from './messages.js';
import { decodeBool, decodeInt, decodeString, type IndexEntry, type SourceIndex } from '../../source/index.js';
import { schema as ig } from '../../ignition/index.js';
import { CONFIG, type Spec } from './clc-spec.js';
import { parseGoSemver, type Semver } from '../../go/index.js';
import { etcdOptionSet, flannelOptionSet } from './versions.js';
import type { OptionDef } from './option-sets.js';

/** A decoded CLC value: objects keyed by YAML key, lists, scalars; undefined for absent pointers. */
// biome-ignore lint/suspicious/noExplicitAny: ct's YAML as decoded: any shape until the converters check it
export type Clc = { [key: string]: any };

/** A go-yaml unmarshal error: the line it names and its text. */
export interface TypeError {
  readonly line: number;
  readonly message: string;
  /** Not a type error but an error of a custom unmarshaler (a bad version): go-yaml stops and returns it alone. */
  readonly raw?: boolean;
}

export interface DecodeClcResult {
  readonly config: Clc;
  /** go-yaml's unmarshal errors, in document order; any of them makes the config unusable. */
  readonly typeErrors: TypeError[];
  /** Unknown keys (and their "did you mean"), in walk order, placed later by the validator. */
  readonly unknown: Map<string, Issue[]>;
}

/** Decodes the YAML index into the CLC structure as go-yaml v3 decodes into ct's Go types. */
export function decodeClc(index: SourceIndex): DecodeClcResult {
  const typeErrors: TypeError[] = [];
  const unknown = new Map<string, Issue[]>();
  const ctx: Ctx = { index, typeErrors, unknown };
  const config = decode(ctx, CONFIG, index.root, []) as Clc;
  typeErrors.sort((a, b) => a.line - b.line);
  return { config, typeErrors, unknown };
}

interface Ctx {
  readonly index: SourceIndex;
  readonly typeErrors: TypeError[];
  readonly unknown: Map<string, Issue[]>;
}

const lineOf = (e: IndexEntry): number => e.range.start.line;

function isNull(e: IndexEntry | undefined): boolean {
  if (e === undefined) return true;
  if (e.kind !== 'scalar' || e.style !== 'plain' || (e.tag !== undefined && e.tag !== '!!null')) return false;
  return ['', '~', 'null', 'Null', 'NULL'].includes(e.text ?? '');
}

/** ct's spec kinds as the schema area names them, for Go's zero values. */
const ZERO_KIND = { str: 'string', int: 'int', bool: 'bool', list: 'array' } as const;

function zero(spec: Spec): unknown {
  switch (spec.k) {
    case 'str':
    case 'int':
    case 'bool':
      return spec.opt ? undefined : ig.goZero(ZERO_KIND[spec.k]);
    case 'list':
      return ig.goZero(ZERO_KIND[spec.k]);
    case 'obj':
      return spec.opt ? undefined : decodeFields(undefined, spec.fields, undefined, []);
    default:
      return undefined;
  }
}

function mismatch(ctx: Ctx, e: IndexEntry, go: string): void {
  let message: string;
  if (e.kind !== 'scalar')
    message = `cannot unmarshal ${e.tag ?? (e.kind === 'mapping' ? '!!map' : '!!seq')} into ${go}`;
  else {
    const r = decodeBool(e, { typeName: go });
    if (!r.ok) message = r.issue.message;
    else {
      const text = e.text ?? '';
      const chars = Array.from(text);
      const shown = chars.length > 10 ? `${chars.slice(0, 7).join('')}...` : text;
      message = `cannot unmarshal ${['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(text) && e.style === 'plain' ? '!!bool' : '!!str'} \`${shown}\` into ${go}`;
    }
  }
  ctx.typeErrors.push({ line: lineOf(e), message });
}

function decode(ctx: Ctx, spec: Spec, e: IndexEntry | undefined, path: JsonPath): unknown {
  if (spec.k === 'etcd' || spec.k === 'flannel') return isNull(e) ? undefined : decodeDaemon(ctx, spec.k, e!, path);
  if (isNull(e)) return zero(spec);
  const entry = e!;
  switch (spec.k) {
    case 'str': {
      if (entry.kind !== 'scalar') {
        mismatch(ctx, entry, spec.go ?? 'string');
        return zero(spec);
      }
      const r = decodeString(entry, { typeName: spec.go ?? 'string' });
      if (!r.ok) {
        ctx.typeErrors.push({ line: lineOf(entry), message: r.issue.message });
        return zero(spec);
      }
      return r.value ?? zero(spec);
    }
    case 'int': {
      const r = decodeInt(entry, spec.unsigned ? { unsigned: true, typeName: 'uint' } : { typeName: 'int' });
      if (!r.ok) {
        ctx.typeErrors.push({ line: lineOf(entry), message: r.issue.message });
        return zero(spec);
      }
      return r.value ?? zero(spec);
    }
    case 'bool': {
      const r = decodeBool(entry);
      if (!r.ok) {
        ctx.typeErrors.push({ line: lineOf(entry), message: r.issue.message });
        return zero(spec);
      }
      return r.value ?? zero(spec);
    }
    case 'list': {
      if (entry.kind !== 'sequence') {
        mismatch(ctx, entry, spec.go);
        return [];
      }
      return ctx.index.children(path).map((child, i) => decode(ctx, spec.of, child, [...path, i]) ?? zero(spec.of));
    }
    case 'obj': {
      if (entry.kind !== 'mapping') {
        mismatch(ctx, entry, spec.go);
        return zero(spec);
      }
      return decodeFields(ctx, spec.fields, entry, path);
    }
  }
}

function decodeFields(
  ctx: Ctx | undefined,
  fields: Readonly<Record<string, Spec>>,
  entry: IndexEntry | undefined,
  path: JsonPath,
): Clc {
  const out: Clc = {};
  for (const [key, spec] of Object.entries(fields)) {
    out[key] =
      ctx === undefined || entry === undefined
        ? zero(spec)
        : decode(ctx, spec, ctx.index.get([...path, key]), [...path, key]);
  }
  if (ctx !== undefined && entry !== undefined) noteUnknown(ctx, path, Object.keys(fields));
  return out;
}

function noteUnknown(ctx: Ctx, path: JsonPath, known: readonly string[]): void {
  const issues: Issue[] = [];
  pushAll(issues, mergeKeys(ctx.index, path));
  for (const child of ctx.index.children(path)) {
    const parent = ctx.index.get(path);
    if (
      parent !== undefined &&
      child.keyRange !== undefined &&
      (child.keyRange.start.offset < parent.range.start.offset ||
        child.keyRange.start.offset >= parent.range.end.offset)
    )
      continue;
    const key = child.path[child.path.length - 1];
    if (typeof key !== 'string' || known.includes(key)) continue;
    issues.push(ct.warning('CT_UNKNOWN_KEY', child.path, { key }));
    const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
    if (near !== undefined) issues.push(ct.info('CT_DID_YOU_MEAN', child.path, { key, near }));
  }
  if (issues.length > 0) ctx.unknown.set(JSON.stringify(path), issues);
}

/** etcd and flannel: `version` picks the option set the other keys are decoded with. */
function decodeDaemon(ctx: Ctx, kind: 'etcd' | 'flannel', entry: IndexEntry, path: JsonPath): Clc | undefined {
  if (entry.kind !== 'mapping') {
    mismatch(ctx, entry, kind === 'etcd' ? 'types.etcdCommon' : 'types.flannelCommon'); // ct unmarshals into these aliases first
    return undefined;
  }
  const out: Clc = {};
  const vEntry = ctx.index.get([...path, 'version']);
  let version: Semver | undefined;
  if (!isNull(vEntry)) {
    const before = ctx.typeErrors.length;
    const s = decode(ctx, { k: 'str' }, vEntry, [...path, 'version']) as string;
    if (ctx.typeErrors.length > before) return undefined;
    const parsed = parseGoSemver(s);
    if ('error' in parsed) {
      ctx.typeErrors.push({ line: lineOf(vEntry!), message: parsed.error, raw: true });
      return undefined;
    }
    version = parsed.version;
    out['version'] = version;
  }
  const defs: readonly OptionDef[] = kind === 'etcd' ? etcdOptionSet(version) : flannelOptionSet(version);
  const known = ['version', ...(kind === 'flannel' ? ['network_config'] : []), ...defs.map((d) => d.key)];
  if (kind === 'flannel')
    out['network_config'] = decode(
      ctx,
      { k: 'str', go: 'types.NetworkConfig' },
      ctx.index.get([...path, 'network_config']),
      [...path, 'network_config'],
    );
  const options: Record<string, unknown> = {};
  for (const d of defs) {
    const spec: Spec =
      d.type === 's' ? { k: 'str', opt: true } : d.type === 'i' ? { k: 'int', opt: true } : { k: 'bool', opt: true };
    const v = decode(ctx, spec, ctx.index.get([...path, d.key]), [...path, d.key]);
    if (v !== undefined) options[d.key] = v;
  }
  out['options'] = options;
  out['defs'] = defs;
  noteUnknown(ctx, path, known);
  return out;
}

/**
 * ct checks keys on the YAML node tree, where a merge key `<<` is a key
 * like any other: it reports each as unrecognized (its merged keys are not
 * checked). Block mappings only: a `<<:` at the mapping's own column.
 */
function mergeKeys(index: SourceIndex, path: JsonPath): Issue[] {
  const e = index.get(path);
  if (e === undefined || e.kind !== 'mapping') return [];
  const out: Issue[] = [];
  const col = e.range.start.column;
  const text = index.slice(e.range);
  let offset = e.range.start.offset;
  for (const line of text.split('\n')) {
    const at = offset - index.positionAt(offset).column + 1 + (col - 1);
    const lineStart = offset;
    offset += line.length + 1;
    if (at < lineStart || at >= e.range.end.offset) continue;
    const rest = index.text.slice(at, at + 3);
    if (/^<<\s*:/.test(index.text.slice(at, at + 10)) && rest.startsWith('<<')) {
      const before = index.text.slice(lineStart - index.positionAt(lineStart).column + 1, at);
      if (/^[\s-]*$/.test(before)) {
        out.push(ct.warning('CT_UNKNOWN_KEY', path, { key: '<<' }, index.rangeAt(at, at + 2)));
      }
    }
  }
  return out;
}
