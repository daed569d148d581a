import type { SchemaNode } from './dsl.js';

/** A JSON Schema (draft 2020-12) document, as plain data. */
export type JsonSchema = { readonly [key: string]: unknown };

/**
 * The JSON Schema of a DSL schema. Pointer fields accept null; plain fields
 * do too, as encoding/json ignores null for them, but the schema states the
 * type a config should use. Objects keep Go struct order in `properties` and
 * allow other keys (Ignition only warns about them).
 */
export function toJsonSchema(node: SchemaNode, meta: { id?: string; title?: string } = {}): JsonSchema {
  const body = convert(node);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(meta.id === undefined ? {} : { $id: meta.id }),
    ...body,
    ...(meta.title === undefined ? {} : { title: meta.title }),
  };
}

function convert(node: SchemaNode): JsonSchema {
  switch (node.kind) {
    case 'string':
      return { type: 'string' };
    case 'int':
      return { type: 'integer' };
    case 'bool':
      return { type: 'boolean' };
    case 'array':
      return { type: 'array', items: convert(node.items as SchemaNode) };
    case 'ptr': {
      const inner = convert(node.target as SchemaNode);
      const type = inner['type'];
      return typeof type === 'string' ? { ...inner, type: [type, 'null'] } : { anyOf: [inner, { type: 'null' }] };
    }
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, field] of Object.entries(node.fields as Record<string, SchemaNode>))
        properties[key] = convert(field);
      const required = node.required ?? [];
      return { type: 'object', title: node.name, properties, ...(required.length > 0 ? { required } : {}) };
    }
  }
}
