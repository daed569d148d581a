/**
 * A decoded config as JSON, the way Go's encoding/json marshals Ignition's
 * types (json.Marshal / json.MarshalIndent(…, "", "  ")): keys in struct
 * order (the schema's field order); a field whose json tag has `omitempty`
 * is left out when it is a nil pointer, an empty slice, "", 0 or false; a
 * struct value is never left out (omitempty does not apply to structs, so
 * `"verification":{}` appears); a field without omitempty (the schema's
 * `required`) is always written, a nil pointer or an empty slice as `null`.
 * Strings are escaped as Go escapes them (`<`, `>`, `&`, U+2028 and U+2029
 * as \u escapes; lone surrogates become U+FFFD). With `omitEmptyStructs`
 * it marshals as github.com/clarketm/json (Butane's), whose omitempty also
 * drops a struct whose fields are all empty.
 */
import type { ObjectNode, SchemaNode } from '../schema/index.js';

export interface MarshalOptions {
  /** Two-space indentation and a final newline (json.MarshalIndent plus "\n"); else compact, no newline. */
  readonly pretty?: boolean;
  /** clarketm/json (Butane): omitempty drops a struct whose fields are all empty too. */
  readonly omitEmptyStructs?: boolean;
}

export function marshalConfig(schema: ObjectNode, config: unknown, opts: MarshalOptions = {}): string {
  const text = encode(schema, config, opts.pretty === true ? '\n' : undefined, opts.omitEmptyStructs === true);
  return opts.pretty === true ? `${text}\n` : text;
}

/**
 * A translated config as ign-converter's CLI writes it (coreos/ign-converter
 * `internal/main.go` at 2f77307): marshalled with
 * github.com/clarketm/json, so empty structs and nil pointers under omitempty
 * are left out (`{"ignition":{"version":"2.3.0"}}` → 3.0 is
 * `{"ignition":{"version":"3.0.0"}}`), then one "\n" appended. `pretty`
 * indents by two spaces (the CLI has no such option), same final newline.
 */
export function marshalConverterOutput(
  schema: ObjectNode,
  config: unknown,
  opts: { readonly pretty?: boolean } = {},
): string {
  const text = marshalConfig(schema, config, { pretty: opts.pretty === true, omitEmptyStructs: true });
  return opts.pretty === true ? text : `${text}\n`;
}

function encode(node: SchemaNode, value: unknown, nl: string | undefined, omitStructs: boolean): string {
  switch (node.kind) {
    case 'ptr':
      return value === undefined || value === null ? 'null' : encode(node.target as SchemaNode, value, nl, omitStructs);
    case 'string':
      return goString(typeof value === 'string' ? value : '');
    case 'int':
      return typeof value === 'number' && Number.isFinite(value) ? String(Math.trunc(value)) : '0';
    case 'bool':
      return value === true ? 'true' : 'false';
    case 'array': {
      const items = Array.isArray(value) ? value : [];
      if (items.length === 0) return '[]';
      const inner = nl === undefined ? undefined : `${nl}  `;
      const parts = items.map((item) => encode(node.items as SchemaNode, item, inner, omitStructs));
      return inner === undefined ? `[${parts.join(',')}]` : `[${inner}${parts.join(`,${inner}`)}${nl}]`;
    }
    case 'object': {
      const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
      const required = new Set(node.required ?? []);
      const inner = nl === undefined ? undefined : `${nl}  `;
      const parts: string[] = [];
      for (const [key, field] of Object.entries(node.fields as Record<string, SchemaNode>)) {
        const v = record[key];
        if (!required.has(key) && isEmptyField(field, v, omitStructs)) continue;
        // A nil slice without omitempty is null in Go; Hull does not keep nil apart from empty.
        const text =
          field.kind === 'array' && (!Array.isArray(v) || v.length === 0)
            ? 'null'
            : encode(field, v, inner, omitStructs);
        parts.push(`${goString(key)}:${inner === undefined ? '' : ' '}${text}`);
      }
      if (parts.length === 0) return '{}';
      return inner === undefined ? `{${parts.join(',')}}` : `{${inner}${parts.join(`,${inner}`)}${nl}}`;
    }
  }
}

/**
 * encoding/json's isEmptyValue for an omitempty field: structs are never
 * empty, unless `omitStructs` (clarketm/json) and all their fields are.
 */
export function isEmptyField(node: SchemaNode, v: unknown, omitStructs = false): boolean {
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
      if (!omitStructs) return false;
      const r = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
      return Object.entries(node.fields as Record<string, SchemaNode>).every(([k, f]) => isEmptyField(f, r[k], true));
    }
  }
}

/** A JSON string as Go's encoding/json writes it (HTML-safe escaping, Go 1.22+ \b and \f). */
export function goString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      out += '\ufffd';
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x3c:
      case 0x3e:
      case 0x26:
      case 0x2028:
      case 0x2029:
        out += `\\u${c.toString(16).padStart(4, '0')}`;
        break;
      default:
        out += c < 0x20 ? `\\u${c.toString(16).padStart(4, '0')}` : s[i]!;
    }
  }
  return `${out}"`;
}
