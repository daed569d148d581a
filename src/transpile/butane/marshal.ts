/**
 * The Ignition config as Butane writes it: Go's encoding/json field order
 * (the Ignition schema's), but through github.com/clarketm/json, whose
 * `omitempty` also drops a struct whose fields are all empty (so no
 * `"verification":{}` and no empty sections). Compact, or MarshalIndent
 * with two spaces; Butane's CLI adds the final newline.
 */
import { translate, type schema as ig } from '../../ignition/index.js';

type Rec = Record<string, unknown>;

function isEmpty(node: ig.SchemaNode, v: unknown): boolean {
  switch (node.kind) {
    case 'ptr':
      return v === undefined || v === null;
    case 'string':
      return v === undefined || v === '';
    case 'int':
      return v === undefined || v === 0;
    case 'bool':
      return v !== true;
    case 'array':
      return !Array.isArray(v) || v.length === 0;
    case 'object': {
      const r = (typeof v === 'object' && v !== null ? v : {}) as Rec;
      return Object.entries(node.fields as Record<string, ig.SchemaNode>).every(([k, f]) => isEmpty(f, r[k]));
    }
  }
}

function encode(node: ig.SchemaNode, value: unknown, nl: string | undefined): string {
  switch (node.kind) {
    case 'ptr':
      return value === undefined || value === null ? 'null' : encode(node.target as ig.SchemaNode, value, nl);
    case 'string':
      return translate.goString(typeof value === 'string' ? value : '');
    case 'int':
      return typeof value === 'number' ? String(Math.trunc(value)) : '0';
    case 'bool':
      return value === true ? 'true' : 'false';
    case 'array': {
      if (!Array.isArray(value)) return 'null';
      if (value.length === 0) return '[]';
      const inner = nl === undefined ? undefined : `${nl}  `;
      const parts = value.map((item) => encode(node.items as ig.SchemaNode, item, inner));
      return inner === undefined ? `[${parts.join(',')}]` : `[${inner}${parts.join(`,${inner}`)}${nl}]`;
    }
    case 'object': {
      const rec = (typeof value === 'object' && value !== null ? value : {}) as Rec;
      const required = new Set(node.required ?? []);
      const inner = nl === undefined ? undefined : `${nl}  `;
      const parts: string[] = [];
      for (const [key, field] of Object.entries(node.fields as Record<string, ig.SchemaNode>)) {
        const v = rec[key];
        if (!required.has(key) && isEmpty(field, v)) continue;
        const text = field.kind === 'array' && (!Array.isArray(v) || v.length === 0) ? 'null' : encode(field, v, inner);
        parts.push(`${translate.goString(key)}:${inner === undefined ? '' : ' '}${text}`);
      }
      if (parts.length === 0) return '{}';
      return inner === undefined ? `{${parts.join(',')}}` : `{${inner}${parts.join(`,${inner}`)}${nl}}`;
    }
  }
}

export function marshalButane(schema: ig.ObjectNode, config: unknown, pretty: boolean): string {
  return encode(schema, config, pretty ? '\n' : undefined);
}

/** The config with what the marshaller would drop removed (for coverage checks and validation). */
export function pruneEmpty(schema: ig.SchemaNode, value: unknown): unknown {
  if (schema.kind === 'ptr') return value === undefined || value === null ? value : pruneEmpty(schema.target as ig.SchemaNode, value);
  if (schema.kind === 'array') return Array.isArray(value) ? value.map((v) => pruneEmpty(schema.items as ig.SchemaNode, v)) : value;
  if (schema.kind !== 'object') return value;
  const rec = (typeof value === 'object' && value !== null ? value : {}) as Rec;
  const required = new Set(schema.required ?? []);
  const out: Rec = {};
  for (const [key, field] of Object.entries(schema.fields as Record<string, ig.SchemaNode>)) {
    const v = rec[key];
    if (!required.has(key) && isEmpty(field, v)) continue;
    if (v === undefined) continue;
    out[key] = pruneEmpty(field, v);
  }
  return out;
}
