import { errorAt, formatPath, warningAt, type Issue, type JsonPath } from '../../core/index.js';
import type { SourceIndex } from '../../source/index.js';
import type { Fields, Infer, SchemaNode } from './dsl.js';

export interface DecodeOutcome<T> {
  /** The decoded value; parts with type errors hold their zero value. */
  readonly value: T;
  /** Wrong JSON types, in document order. */
  readonly errors: readonly Issue[];
  /** `Unused key X` warnings, in document order (Ignition reports them last). */
  readonly unused: readonly Issue[];
}

export const TYPE_MISMATCH = 'IGN_TYPE_MISMATCH';
export const UNUSED_KEY = 'IGN_UNUSED_KEY';
export const NULL_OBJECT = 'IGN_NULL_OBJECT';

interface Ctx {
  readonly index: SourceIndex | undefined;
  readonly errors: Issue[];
  readonly unused: Issue[];
}

/** Where encoding/json is: the innermost struct and the field path from the root (keys only). */
interface GoPlace {
  readonly struct: string | undefined;
  readonly fields: readonly string[];
}

/**
 * Decodes a generic JSON value (from parseJson) into the shape `node`
 * describes, as Go's encoding/json would decode it into Ignition's structs:
 * - null anywhere is accepted: a pointer stays unset, anything else keeps its zero value;
 * - a key matches a field exactly, or else case-insensitively (encoding/json
 *   does; Ignition then still reports the key as unused); later keys win;
 * - ints must be integer literals in int64 range (`1.0` and `1e3` are not);
 * - a wrong JSON type is an IGN_TYPE_MISMATCH error at that path, with
 *   encoding/json's message, and the field keeps its zero value.
 * Unlike encoding/json, every type error is reported, not only the first.
 */
export function decode<N extends SchemaNode>(node: N, value: unknown, index?: SourceIndex): DecodeOutcome<Infer<N>> {
  const ctx: Ctx = { index, errors: [], unused: [] };
  const out = decodeNode(node, value, [], { struct: undefined, fields: [] }, ctx);
  return { value: out as Infer<N>, errors: ctx.errors, unused: walkOrder(node, ctx.unused) };
}

/** The zero value of a schema node (what a Go field holds when JSON does not set it). */
export function zeroValue(node: SchemaNode): unknown {
  switch (node.kind) {
    case 'string':
      return '';
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'array':
      return [];
    case 'ptr':
      return undefined;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(node.fields as Record<string, SchemaNode>)) out[key] = zeroValue(field);
      return out;
    }
  }
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
}

function mismatch(ctx: Ctx, path: JsonPath, place: GoPlace, what: string, goType: string): void {
  const where =
    place.struct === undefined
      ? `Go value of type ${goType}`
      : `Go struct field ${place.struct}.${place.fields.join('.')} of type ${goType}`;
  ctx.errors.push(errorAt(TYPE_MISMATCH, path, `json: cannot unmarshal ${what} into ${where}`));
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function decodeNode(node: SchemaNode, value: unknown, path: JsonPath, place: GoPlace, ctx: Ctx): unknown {
  if (value === null && node.kind === 'object') {
    // Go leaves the struct zero; Ignition's unused-key check then finds no object there and says so.
    const at = formatPath(path);
    ctx.unused.push(
      warningAt(
        NULL_OBJECT,
        path,
        `context tree does not match content tree at ${at}. Line and column reporting may be inconsistent. Unused keys may not be reported.`,
      ),
    );
  }
  if (value === null || value === undefined) return zeroValue(node);
  switch (node.kind) {
    case 'ptr':
      return decodeNode(node.target as SchemaNode, value, path, place, ctx);
    case 'string':
      if (typeof value === 'string') return value;
      mismatch(ctx, path, place, jsonKind(value), node.goType);
      return '';
    case 'bool':
      if (typeof value === 'boolean') return value;
      mismatch(ctx, path, place, jsonKind(value), node.goType);
      return false;
    case 'int': {
      if (typeof value !== 'number') {
        mismatch(ctx, path, place, jsonKind(value), node.goType);
        return 0;
      }
      const literal = ctx.index?.get(path)?.text ?? String(value);
      if (/^-?(0|[1-9][0-9]*)$/.test(literal)) {
        const big = BigInt(literal);
        if (big >= INT64_MIN && big <= INT64_MAX) return Number(big);
      }
      mismatch(ctx, path, place, `number ${literal}`, node.goType);
      return 0;
    }
    case 'array': {
      if (!Array.isArray(value)) {
        mismatch(ctx, path, place, jsonKind(value), node.goType);
        return [];
      }
      return value.map((item, i) => decodeNode(node.items as SchemaNode, item, [...path, i], place, ctx));
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        mismatch(ctx, path, place, jsonKind(value), node.goType);
        return zeroValue(node);
      }
      const fields = node.fields as Record<string, SchemaNode>;
      const out = zeroValue(node) as Record<string, unknown>;
      const record = value as Record<string, unknown>;
      for (const key of sourceOrder(record, path, ctx)) {
        let field = Object.hasOwn(fields, key) ? key : undefined;
        if (field === undefined) {
          ctx.unused.push(warningAt(UNUSED_KEY, [...path, key], `Unused key ${key}`));
          const folded = key.toLowerCase();
          field = Object.keys(fields).find((f) => f.toLowerCase() === folded);
          if (field === undefined) continue;
        }
        const sub: GoPlace = { struct: node.name, fields: [...place.fields, node.goFields?.[field] ?? field] };
        out[field] = decodeNode(fields[field]!, record[key], [...path, key], sub, ctx);
      }
      return out;
    }
  }
}

/** Keys in the order the text has them (JS objects put integer-like keys first). */
function sourceOrder(record: Record<string, unknown>, path: JsonPath, ctx: Ctx): string[] {
  const own = Object.keys(record);
  const children = ctx.index?.children(path);
  if (children === undefined || children.length === 0) return own;
  const ordered: string[] = [];
  const seen = new Set<string>();
  for (const child of children) {
    const key = child.path[child.path.length - 1];
    if (typeof key === 'string' && Object.hasOwn(record, key) && !seen.has(key)) {
      ordered.push(key);
      seen.add(key);
    }
  }
  for (const key of own) if (!seen.has(key)) ordered.push(key);
  return ordered;
}

/**
 * Unused keys in the order Ignition's validator walks the config: a
 * struct's own unknown keys first (source order here; Go's map order is
 * random), then its fields in struct order, array items in order.
 */
function walkOrder(root: SchemaNode, unused: readonly Issue[]): Issue[] {
  const rank = (issue: Issue): number[] => {
    const out: number[] = [];
    let node: SchemaNode | undefined = root;
    // An unused key belongs to the struct that holds it; a null-object warning to the struct itself.
    const owner = issue.code === NULL_OBJECT ? issue.path : issue.path.slice(0, -1);
    for (const seg of owner) {
      while (node?.kind === 'ptr') node = node.target as SchemaNode;
      if (node?.kind === 'array' && typeof seg === 'number') {
        out.push(1, seg);
        node = node.items as SchemaNode;
      } else if (node?.kind === 'object' && typeof seg === 'string') {
        const keys: string[] = Object.keys(node.fields as Fields);
        const folded: string | undefined = keys.includes(seg) ? seg : keys.find((k) => k.toLowerCase() === seg.toLowerCase());
        out.push(1, folded === undefined ? keys.length : keys.indexOf(folded));
        node = folded === undefined ? undefined : ((node.fields as Fields)[folded] as SchemaNode);
      } else out.push(1, 0);
    }
    out.push(0);
    return out;
  };
  const ranked = unused.map((issue, i) => ({ issue, key: rank(issue), i }));
  ranked.sort((a, b) => {
    for (let k = 0; k < Math.min(a.key.length, b.key.length); k++) {
      if (a.key[k] !== b.key[k]) return a.key[k]! - b.key[k]!;
    }
    return a.key.length - b.key.length || a.i - b.i;
  });
  return ranked.map((r) => r.issue);
}
