/**
 * The keys a config may hold at a place, for the playground's completion:
 * read from the schemas the transpilers themselves decode with (Ignition's
 * DSL schemas, Butane's schema derived from them per variant/version, ct's
 * Container Linux Config spec), so completion never offers a key the
 * transpiler would call unknown. Pure.
 */
import {
  ALL_SPEC_VERSIONS,
  findSpecVersion,
  SPEC_VERSIONS,
  type schema as ig,
  type SpecVersion,
} from '../../ignition/index.js';
import { BUTANE_SPECS, butaneSchemaOf, findButaneSpec, type BNode, type ButaneSpec } from '../butane/index.js';
import { CLC_SPEC, ETCD_3_5, FLANNEL_0_7, type ClcSpec } from '../ct/index.js';
import type { DialectId } from './dialect.js';

export interface KeyInfo {
  readonly key: string;
  /** What the value is: a scalar, a mapping/object, or a list. */
  readonly kind: 'scalar' | 'object' | 'list';
  /** A short type for the completion list (`string`, `int`, `object`, `list of object`). */
  readonly type: string;
}

export interface KeysAnswer {
  /** The schema the keys came from, e.g. `Ignition 3.4.0`, `Butane fcos 1.5.0`. */
  readonly schema: string;
  /** Keys at the place in schema order; empty when the place is not an object (or unknown). */
  readonly keys: readonly KeyInfo[];
}

/** A path into the config: object keys, and a number for "an item of this list" (any index). */
export type KeyPath = readonly (string | number)[];

/** One schema node seen the same way for all three dialects. */
type Node =
  | { readonly kind: 'scalar'; readonly type: string }
  | { readonly kind: 'object'; readonly fields: () => readonly (readonly [string, Node])[] }
  | { readonly kind: 'list'; readonly items: Node };

function fromIgnition(n: ig.SchemaNode): Node {
  switch (n.kind) {
    case 'ptr':
      return fromIgnition(n.target as ig.SchemaNode);
    case 'array':
      return { kind: 'list', items: fromIgnition(n.items as ig.SchemaNode) };
    case 'object':
      return {
        kind: 'object',
        fields: () =>
          Object.entries(n.fields as Record<string, ig.SchemaNode>).map(([k, v]) => [k, fromIgnition(v)] as const),
      };
    default:
      return { kind: 'scalar', type: n.kind === 'int' ? 'integer' : n.kind === 'bool' ? 'boolean' : 'string' };
  }
}

function fromButane(n: BNode): Node {
  switch (n.kind) {
    case 'array':
      return { kind: 'list', items: fromButane(n.items) };
    case 'object':
      return { kind: 'object', fields: () => Object.entries(n.fields).map(([k, v]) => [k, fromButane(v)] as const) };
    default:
      return { kind: 'scalar', type: n.kind === 'int' ? 'integer' : n.kind === 'bool' ? 'boolean' : 'string' };
  }
}

const OPTION_TYPES = { s: 'string', i: 'integer', b: 'boolean' } as const;
/** ct's etcd and flannel sections: `version` and the newest option set's keys. */
const optionSection = (defs: readonly { key: string; type: 's' | 'i' | 'b' }[]): Node => ({
  kind: 'object',
  fields: () => [
    ['version', { kind: 'scalar', type: 'string' }] as const,
    ...defs.map((d) => [d.key, { kind: 'scalar', type: OPTION_TYPES[d.type] }] as const),
  ],
});

function fromClc(n: ClcSpec): Node {
  switch (n.k) {
    case 'obj':
      return { kind: 'object', fields: () => Object.entries(n.fields).map(([k, v]) => [k, fromClc(v)] as const) };
    case 'list':
      return { kind: 'list', items: fromClc(n.of) };
    case 'etcd':
      return optionSection(ETCD_3_5);
    case 'flannel':
      return optionSection(FLANNEL_0_7);
    default:
      return { kind: 'scalar', type: n.k === 'int' ? 'integer' : n.k === 'bool' ? 'boolean' : 'string' };
  }
}

function typeOf(n: Node): string {
  if (n.kind === 'scalar') return n.type;
  if (n.kind === 'object') return 'object';
  return `list of ${typeOf(n.items)}`;
}

function keysOf(root: Node, path: KeyPath): KeyInfo[] {
  let n: Node | undefined = root;
  for (const seg of path) {
    if (n === undefined) break;
    if (typeof seg === 'number') n = n.kind === 'list' ? n.items : undefined;
    else n = n.kind === 'object' ? n.fields().find(([k]) => k === seg)?.[1] : undefined;
  }
  if (n === undefined || n.kind !== 'object') return [];
  return n.fields().map(([key, v]) => ({ key, kind: v.kind, type: typeOf(v) }));
}

/** The `ignition.version` a JSON config names (also while it is still being typed), if any. */
function ignitionVersionOf(source: string): string | undefined {
  try {
    const v = (JSON.parse(source) as { ignition?: { version?: unknown } } | null)?.ignition?.version;
    if (typeof v === 'string') return v;
  } catch {
    // Half-typed: look for the first "version" after "ignition".
  }
  const written = /"ignition"\s*:\s*\{[\s\S]*?"version"\s*:\s*"([^"]*)"/.exec(source)?.[1];
  // Spec 1 is named '1' (findSpecVersion): a config with `"ignitionVersion": 1` and no ignition.version.
  return written ?? (/"ignitionVersion"\s*:\s*1\b/.test(source) ? '1' : undefined);
}

/** A top-level `key: value` line of a YAML config (the same reading as the page's Butane header). */
const topLevel = (source: string, key: string): string | undefined =>
  new RegExp(`^${key}:[ \\t]*["']?([^\\s"'#]*)`, 'm').exec(source)?.[1] || undefined;

const LATEST_IGNITION = SPEC_VERSIONS[SPEC_VERSIONS.length - 1]!;
const LATEST_BUTANE = [...BUTANE_SPECS].reverse().find((s) => s.variant === 'fcos' && !s.experimental)!;

function butaneSpecOf(source: string): ButaneSpec {
  const variant = topLevel(source, 'variant') ?? 'fcos';
  const version = topLevel(source, 'version') ?? '';
  return findButaneSpec(variant, version) ?? findButaneSpec(variant, `${version}.0`) ?? LATEST_BUTANE;
}

/**
 * The keys allowed at `path` of a `dialect` config whose text is `source`
 * (the text picks the schema: Ignition's `ignition.version`, Butane's
 * `variant:`/`version:`; the newest stable one when it names none or an
 * unknown one).
 */
export function keysAt(dialect: DialectId, source: string, path: KeyPath): KeysAnswer {
  switch (dialect) {
    case 'ignition': {
      const v = ignitionVersionOf(source);
      const spec: SpecVersion =
        (v === undefined ? undefined : findSpecVersion(v, ALL_SPEC_VERSIONS)) ?? LATEST_IGNITION;
      return { schema: `Ignition ${spec.version}`, keys: keysOf(fromIgnition(spec.schema), path) };
    }
    case 'butane': {
      const spec = butaneSpecOf(source);
      return { schema: `Butane ${spec.variant} ${spec.version}`, keys: keysOf(fromButane(butaneSchemaOf(spec)), path) };
    }
    case 'ct':
      return { schema: 'Container Linux Config', keys: keysOf(fromClc(CLC_SPEC), path) };
  }
}
