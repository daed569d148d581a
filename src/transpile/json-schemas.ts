/**
 * JSON Schemas (draft 2020-12) of the YAML dialects, for editors
 * (yaml-language-server): one per Butane variant/version, from the very
 * schema the Butane transpiler decodes with (`butaneSchemaOf`), and one for
 * the Container Linux Config, from ct's struct table (`clc-spec.ts`) and the
 * etcd/flannel option sets. Written to docs/schema by
 * scripts/gen-transpile-schemas.ts; a test checks the files are fresh.
 *
 * Like the Ignition schemas, mappings allow other keys (Butane and ct warn
 * about unknown keys, they do not refuse them) and a key may be left empty
 * (`key:` is null in YAML, which go-yaml decodes as the zero value).
 */
import { BUTANE_SPECS, butaneSchemaOf, type BNode, type ButaneSpec } from './butane/index.js';
import type { Spec as ClcSpec } from './ct/clc-spec.js';
import { CONFIG as CLC_CONFIG } from './ct/clc-spec.js';
import { ETCD_OPTION_SETS, FLANNEL_OPTION_SETS, type OptionDef } from './ct/option-sets.js';

export type JsonSchema = { readonly [key: string]: unknown };

const ID_BASE = 'https://hull.invalid/schema/';

/** `butane-fcos-1.5.0.json`, `butane-fcos-1.8.0-experimental.json`. */
export const butaneSchemaFileName = (spec: Pick<ButaneSpec, 'variant' | 'version'>): string =>
  `butane-${spec.variant}-${spec.version}.json`;
export const CLC_SCHEMA_FILE = 'clc.json';

const nullable = (s: JsonSchema): JsonSchema => {
  const t = s['type'];
  if (typeof t === 'string') return { ...s, type: [t, 'null'] };
  if (Array.isArray(t)) return { ...s, type: [...t, 'null'] };
  const any = s['anyOf'];
  return Array.isArray(any) ? { ...s, anyOf: [...any, { type: 'null' }] } : s;
};

/**
 * A string field: go-yaml v3 gives a string field the text of any scalar
 * (`start: 0` is "0"), so numbers and booleans are accepted as they are.
 */
const STRING: JsonSchema = { type: ['string', 'number', 'boolean'] };

/**
 * A bool field: go-yaml v3 decodes the YAML 1.1 words into a typed bool
 * (`enable: yes`), which a YAML 1.2 reader sees as strings.
 */
const BOOL: JsonSchema = {
  anyOf: [
    { type: 'boolean' },
    {
      type: 'string',
      enum: ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'],
    },
  ],
};

function fromBNode(node: BNode): JsonSchema {
  switch (node.kind) {
    case 'string':
      return STRING;
    case 'int':
      return { type: 'integer' };
    case 'bool':
      return BOOL;
    case 'array':
      return { type: 'array', items: fromBNode(node.items) };
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, field] of Object.entries(node.fields)) properties[key] = nullable(fromBNode(field));
      return { type: 'object', title: node.name, properties };
    }
  }
}

/** The JSON Schema of one Butane variant/version. */
export function butaneJsonSchema(spec: ButaneSpec): JsonSchema {
  const body = fromBNode(butaneSchemaOf(spec)) as { properties: Record<string, JsonSchema> };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${ID_BASE}${butaneSchemaFileName(spec)}`,
    ...body,
    title: `Butane ${spec.variant} ${spec.version} (emits Ignition ${spec.outputVersion})`,
    properties: { ...body.properties, variant: { const: spec.variant }, version: { const: spec.version } },
    required: ['variant', 'version'],
  };
}

const OPTION_TYPES: Record<OptionDef['type'], JsonSchema> = { s: STRING, i: { type: 'integer' }, b: BOOL };

/** etcd's or flannel's section: `version` plus every option of every version ct knows (a key typed as each version types it). */
function optionSection(title: string, sets: readonly (readonly OptionDef[])[]): JsonSchema {
  const types = new Map<string, Set<OptionDef['type']>>();
  for (const set of sets)
    for (const o of set) (types.get(o.key) ?? types.set(o.key, new Set()).get(o.key)!).add(o.type);
  const properties: Record<string, JsonSchema> = { version: nullable(STRING) };
  for (const [key, t] of types) {
    const each = [...t].map((x) => OPTION_TYPES[x]);
    properties[key] = nullable(each.length === 1 ? each[0]! : { anyOf: each });
  }
  return { type: 'object', title, properties };
}

function fromClc(spec: ClcSpec): JsonSchema {
  switch (spec.k) {
    case 'str':
      return STRING;
    case 'int':
      return spec.unsigned === true ? { type: 'integer', minimum: 0 } : { type: 'integer' };
    case 'bool':
      return BOOL;
    case 'list':
      return { type: 'array', items: fromClc(spec.of) };
    case 'obj': {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, field] of Object.entries(spec.fields)) properties[key] = nullable(fromClc(field));
      return { type: 'object', title: spec.go.replace(/^types\./, ''), properties };
    }
    case 'etcd':
      return optionSection('Etcd', ETCD_OPTION_SETS);
    case 'flannel':
      return optionSection('Flannel', FLANNEL_OPTION_SETS);
  }
}

/** The JSON Schema of the Container Linux Config as ct 0.9.4 reads it. */
export function clcJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${ID_BASE}${CLC_SCHEMA_FILE}`,
    ...fromClc(CLC_CONFIG),
    title: 'Container Linux Config (ct 0.9.4; emits Ignition 2.3.0)',
  };
}

/** docs/schema's files of the YAML dialects: file name → content. */
export function transpileSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const spec of BUTANE_SPECS)
    files.set(butaneSchemaFileName(spec), `${JSON.stringify(butaneJsonSchema(spec), null, 2)}\n`);
  files.set(CLC_SCHEMA_FILE, `${JSON.stringify(clcJsonSchema(), null, 2)}\n`);
  return files;
}
