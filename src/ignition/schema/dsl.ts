/**
 * A small schema DSL for Ignition configs. A schema describes one JSON value
 * the way Ignition's Go struct describes it: object fields in struct order,
 * their JSON types, and whether a Go field is a pointer (`ptr`: null or absent
 * means "unset") or a plain value (null or absent means the zero value, as
 * encoding/json leaves it). From one schema come the TypeScript type
 * (`Infer`), the structural decoder (decode.ts) and a JSON Schema (json-schema.ts).
 */

export interface StringNode {
  readonly kind: 'string';
  /** The Go type named in type-mismatch messages (default `string`). */
  readonly goType: string;
}
export interface IntNode {
  readonly kind: 'int';
  readonly goType: string;
}
export interface BoolNode {
  readonly kind: 'bool';
  readonly goType: string;
}
export interface ArrayNode<I extends SchemaNode = SchemaNode> {
  readonly kind: 'array';
  readonly items: I;
  readonly goType: string;
}
export type Fields = { readonly [key: string]: SchemaNode };
export interface ObjectNode<F extends Fields = Fields> {
  readonly kind: 'object';
  /** The Go struct name, as encoding/json names it in messages (`File`, `Node`). */
  readonly name: string;
  /** In Go struct order; JS keeps string keys in insertion order. */
  readonly fields: F;
  readonly goType: string;
  /** Go field names where encoding/json names a field without a json tag (only the version stub needs this). */
  readonly goFields?: { readonly [key: string]: string };
  /** Fields whose Go json tag lacks omitempty: Ignition's JSON Schema lists them as required. */
  readonly required?: readonly string[];
}

export interface ObjectOptions {
  readonly goFields?: { readonly [key: string]: string };
  readonly required?: readonly string[];
}
/** A Go pointer: JSON null or an absent key leave it unset (`undefined`). */
export interface PtrNode<T extends SchemaNode = SchemaNode> {
  readonly kind: 'ptr';
  readonly target: T;
  readonly goType: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a node of any value type; each node's own parameter is checked where it is built
export type SchemaNode = StringNode | IntNode | BoolNode | ArrayNode<any> | ObjectNode<any> | PtrNode<any>;

/** The TypeScript type of a decoded value. */
export type Infer<N> = N extends StringNode
  ? string
  : N extends IntNode
    ? number
    : N extends BoolNode
      ? boolean
      : N extends ArrayNode<infer I>
        ? Infer<I>[]
        : N extends PtrNode<infer T>
          ? Infer<T> | undefined
          : N extends ObjectNode<infer F>
            ? { -readonly [K in keyof F]: Infer<F[K]> }
            : never;

export const string = (goType = 'string'): StringNode => ({ kind: 'string', goType });
export const int = (goType = 'int'): IntNode => ({ kind: 'int', goType });
export const bool = (goType = 'bool'): BoolNode => ({ kind: 'bool', goType });
export const array = <I extends SchemaNode>(items: I, goType?: string): ArrayNode<I> => ({
  kind: 'array',
  items,
  goType: goType ?? `[]${items.goType}`,
});
export const ptr = <T extends SchemaNode>(target: T): PtrNode<T> => ({ kind: 'ptr', target, goType: target.goType });
export const object = <F extends Fields>(name: string, fields: F, opts: ObjectOptions = {}): ObjectNode<F> => ({
  kind: 'object',
  name,
  fields,
  goType: `types.${name}`,
  ...(opts.goFields === undefined ? {} : { goFields: opts.goFields }),
  ...(opts.required === undefined || opts.required.length === 0 ? {} : { required: opts.required }),
});

/** Shorthands for the common Go pointer fields. */
export const optString = (goType?: string): PtrNode<StringNode> => ptr(string(goType));
export const optInt = (): PtrNode<IntNode> => ptr(int());
export const optBool = (): PtrNode<BoolNode> => ptr(bool());

/**
 * A new object built from `base`: fields of `changes` replace fields of the
 * same name in place; new fields are inserted where Go's generated structs
 * put them (sorted by Go field name). This is how one spec version's schema
 * is built from the previous one's.
 */
export function extend<F extends Fields, G extends Fields>(
  base: ObjectNode<F>,
  changes: G,
  opts: { readonly name?: string; readonly required?: readonly string[] } = {},
): ObjectNode<Omit<F, keyof G> & G> {
  const keys = Object.keys(base.fields);
  for (const key of Object.keys(changes)) {
    if (keys.includes(key)) continue;
    const at = keys.findIndex((k) => goFieldName(k) > goFieldName(key));
    if (at < 0) keys.push(key);
    else keys.splice(at, 0, key);
  }
  const fields: Record<string, SchemaNode> = {};
  for (const key of keys) fields[key] = (key in changes ? changes[key] : base.fields[key]) as SchemaNode;
  return object(opts.name ?? base.name, fields as Omit<F, keyof G> & G, {
    required: opts.required ?? base.required ?? [],
  });
}

/** The Go field name schematyper derives from a JSON key (for ordering only). */
export function goFieldName(key: string): string {
  for (const initialism of ['ssh', 'https', 'http', 'uuid', 'guid', 'url', 'id']) {
    if (key.startsWith(initialism)) return initialism.toUpperCase() + key.slice(initialism.length);
  }
  return key.charAt(0).toUpperCase() + key.slice(1);
}
