import { errorAt, formatPath, warningAt, type Issue, type JsonPath, type PathSegment } from '../../core/index.js';
import type { SourceIndex } from '../../source/index.js';
import type { Fields, Infer, SchemaNode } from './dsl.js';
import { goZero } from './zero.js';

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
  /** The path being decoded, pushed and popped as the walk goes (copied only into an issue). */
  readonly path: PathSegment[];
  /**
   * Where encoding/json is, for its messages: the Go field names from the root (keys only);
   * the innermost struct is passed down (undefined at the root).
   */
  readonly fields: string[];
}

/** Per object node: its field names in struct order and their case-folded forms (made once). */
interface FieldTable {
  readonly keys: readonly string[];
  readonly folded: ReadonlyMap<string, string>;
}
const FIELD_TABLES = new WeakMap<object, FieldTable>();

function fieldTable(node: SchemaNode & { kind: 'object' }): FieldTable {
  let t = FIELD_TABLES.get(node);
  if (t === undefined) {
    const keys = Object.keys(node.fields as Fields);
    const folded = new Map<string, string>();
    for (const k of keys) if (!folded.has(k.toLowerCase())) folded.set(k.toLowerCase(), k);
    t = { keys, folded };
    FIELD_TABLES.set(node, t);
  }
  return t;
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
  const ctx: Ctx = { index, errors: [], unused: [], path: [], fields: [] };
  const out = decodeNode(node, value, undefined, ctx);
  return { value: out as Infer<N>, errors: ctx.errors, unused: walkOrder(node, ctx.unused) };
}

/** The zero value of a schema node (what a Go field holds when JSON does not set it). */
export function zeroValue(node: SchemaNode): unknown {
  switch (node.kind) {
    case 'ptr':
      return undefined;
    case 'object': {
      const fields = node.fields as Record<string, SchemaNode>;
      const out: Record<string, unknown> = {};
      for (const key of fieldTable(node).keys) out[key] = zeroValue(fields[key]!);
      return out;
    }
    default:
      return goZero(node.kind);
  }
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
}

function mismatch(ctx: Ctx, struct: string | undefined, what: string, goType: string): void {
  const where =
    struct === undefined
      ? `Go value of type ${goType}`
      : `Go struct field ${struct}.${ctx.fields.join('.')} of type ${goType}`;
  ctx.errors.push({
    ...errorAt(TYPE_MISMATCH, [...ctx.path], `json: cannot unmarshal ${what} into ${where}`),
    details:
      struct === undefined ? { value: what, goType } : { value: what, goType, struct, field: ctx.fields.join('.') },
  });
}

const INT_LITERAL = /^-?(0|[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function decodeNode(node: SchemaNode, value: unknown, struct: string | undefined, ctx: Ctx): unknown {
  if (value === null && node.kind === 'object') {
    // Go leaves the struct zero; Ignition's unused-key check then finds no object there and says so.
    const path = [...ctx.path];
    ctx.unused.push(
      warningAt(
        NULL_OBJECT,
        path,
        `context tree does not match content tree at ${formatPath(path)}. Line and column reporting may be inconsistent. Unused keys may not be reported.`,
      ),
    );
  }
  if (value === null || value === undefined) return zeroValue(node);
  switch (node.kind) {
    case 'ptr':
      return decodeNode(node.target as SchemaNode, value, struct, ctx);
    case 'string':
      if (typeof value === 'string') return value;
      mismatch(ctx, struct, jsonKind(value), node.goType);
      return '';
    case 'bool':
      if (typeof value === 'boolean') return value;
      mismatch(ctx, struct, jsonKind(value), node.goType);
      return false;
    case 'int': {
      if (typeof value !== 'number') {
        mismatch(ctx, struct, jsonKind(value), node.goType);
        return 0;
      }
      const index = ctx.index;
      const literal =
        (index === undefined || index.plainNumbers ? undefined : index.scalarText(ctx.path)) ?? String(value);
      if (INT_LITERAL.test(literal)) {
        const big = BigInt(literal);
        if (big >= INT64_MIN && big <= INT64_MAX) return Number(big);
      }
      mismatch(ctx, struct, `number ${literal}`, node.goType);
      return 0;
    }
    case 'array': {
      if (!Array.isArray(value)) {
        mismatch(ctx, struct, jsonKind(value), node.goType);
        return [];
      }
      const items = node.items as SchemaNode;
      const out = new Array<unknown>(value.length);
      const path = ctx.path;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        out[i] = decodeNode(items, value[i], struct, ctx);
        path.pop();
      }
      return out;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        mismatch(ctx, struct, jsonKind(value), node.goType);
        return zeroValue(node);
      }
      const fields = node.fields as Record<string, SchemaNode>;
      const table = fieldTable(node);
      // Every field in struct order first (so the object's key order is the struct's), the zero
      // value filled in afterwards only where the JSON set nothing: only a pointer decodes to undefined.
      const out: Record<string, unknown> = {};
      for (const key of table.keys) out[key] = undefined;
      const record = value as Record<string, unknown>;
      const path = ctx.path;
      for (const key of sourceOrder(record, path, ctx)) {
        let field = Object.hasOwn(fields, key) ? key : undefined;
        if (field === undefined) {
          ctx.unused.push(warningAt(UNUSED_KEY, [...path, key], `Unused key ${key}`));
          field = table.folded.get(key.toLowerCase());
          if (field === undefined) continue;
        }
        path.push(key);
        ctx.fields.push(node.goFields?.[field] ?? field);
        out[field] = decodeNode(fields[field]!, record[key], node.name, ctx);
        ctx.fields.pop();
        path.pop();
      }
      for (const key of table.keys) if (out[key] === undefined) out[key] = zeroValue(fields[key]!);
      return out;
    }
  }
}

/** Keys in the order the text has them (JS objects put integer-like keys first). */
function sourceOrder(record: Record<string, unknown>, path: JsonPath, ctx: Ctx): string[] {
  const own = Object.keys(record);
  if (ctx.index === undefined) return own;
  // parseJson adds keys in text order, so only integer-like keys (which JS lists first) can be out of order.
  if (ctx.index.syntax === 'json' && !own.some(isIndexLike)) return own;
  const children = ctx.index.keys(path);
  if (children.length === 0) return own;
  const ordered: string[] = [];
  const seen = new Set<string>();
  for (const key of children) {
    if (Object.hasOwn(record, key) && !seen.has(key)) {
      ordered.push(key);
      seen.add(key);
    }
  }
  for (const key of own) if (!seen.has(key)) ordered.push(key);
  return ordered;
}

/** Keys JS orders before the others (array indices: canonical integers below 2^32 - 1). */
function isIndexLike(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
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
        const folded: string | undefined = keys.includes(seg)
          ? seg
          : keys.find((k) => k.toLowerCase() === seg.toLowerCase());
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
