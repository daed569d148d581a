/**
 * Go's default translator (coreos/ignition config/translate): a field of the
 * new struct takes the value of the old struct's field of the same name,
 * deep-copied; a field the old struct lacks keeps its zero value; a field
 * the new struct lacks is dropped. Here the new struct is a schema.
 */
import { zeroValue, type SchemaNode } from '../schema/index.js';

export function project(node: SchemaNode, value: unknown): unknown {
  if (value === undefined || value === null) return zeroValue(node);
  switch (node.kind) {
    case 'ptr':
      return project(node.target as SchemaNode, value);
    case 'string':
    case 'int':
    case 'bool':
      return value;
    case 'array':
      return Array.isArray(value) ? value.map((item) => project(node.items as SchemaNode, item)) : [];
    case 'object': {
      const record = (typeof value === 'object' ? value : {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(node.fields as Record<string, SchemaNode>))
        out[key] = project(field, record[key]);
      return out;
    }
  }
}

/** Go's `reflect.DeepEqual(v, T{})` for a decoded struct: every field at its zero value. */
export function isZero(node: SchemaNode, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  switch (node.kind) {
    case 'ptr':
      return false;
    case 'string':
      return value === '';
    case 'int':
      return value === 0;
    case 'bool':
      return value === false;
    case 'array':
      return !Array.isArray(value) || value.length === 0;
    case 'object':
      return Object.entries(node.fields as Record<string, SchemaNode>).every(([k, f]) =>
        isZero(f, (value as Record<string, unknown>)[k]),
      );
  }
}
