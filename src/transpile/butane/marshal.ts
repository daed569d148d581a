/**
 * The Ignition config as Butane writes it: Go's encoding/json field order
 * (the Ignition schema's), but through github.com/clarketm/json, whose
 * `omitempty` also drops a struct whose fields are all empty (so no
 * `"verification":{}` and no empty sections). Compact, or MarshalIndent
 * with two spaces; Butane's CLI adds the final newline.
 */
import { translate, type schema as ig } from '../../ignition/index.js';

type Rec = Record<string, unknown>;
const isEmpty = (node: ig.SchemaNode, v: unknown): boolean => translate.isEmptyField(node, v, true);

export function marshalButane(schema: ig.ObjectNode, config: unknown, pretty: boolean): string {
  const text = translate.marshalConfig(schema, config, { pretty, omitEmptyStructs: true });
  return pretty ? text.slice(0, -1) : text; // Butane's CLI adds the final newline
}

/** The config with what the marshaller would drop removed (for coverage checks and validation). */
export function pruneEmpty(schema: ig.SchemaNode, value: unknown): unknown {
  if (schema.kind === 'ptr')
    return value === undefined || value === null ? value : pruneEmpty(schema.target as ig.SchemaNode, value);
  if (schema.kind === 'array')
    return Array.isArray(value) ? value.map((v) => pruneEmpty(schema.items as ig.SchemaNode, v)) : value;
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
