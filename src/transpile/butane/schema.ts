/**
 * The Butane input schema of a spec version, derived from the Ignition
 * schema it targets: Butane's structs mirror Ignition's with snake_case keys
 * (`sizeMiB` → `size_mib`, as Butane's `(MiB|[A-Z])` rule does), minus
 * `ignition.version`, plus `variant`/`version` and the sugar fields of the
 * base version (base/v0_N/schema.go).
 */
import type { schema as ig } from '../../ignition/index.js';

/** The schema area's scalar nodes, Butane's own array and struct nodes (snake_case keys, Go package). */
export type BNode =
  | ig.StringNode
  | ig.IntNode
  | ig.BoolNode
  | { readonly kind: 'array'; readonly items: BNode }
  | {
      readonly kind: 'object';
      readonly name: string;
      readonly fields: Record<string, BNode>;
      readonly ig?: Record<string, string>;
      /** Go package of the struct when not the base one (fcos-only structs live in `v1_N`). */
      readonly pkg?: string;
      /** The Go field is a pointer to the struct. */
      readonly pointer?: boolean;
    };

/** Which sugar a base version (base/v0_N) has. */
export interface Sugar {
  /** `local` on resources, `storage.trees`, filesystems `with_mount_unit` (v0_2+). */
  readonly local: boolean;
  /** units/dropins `contents_local`, users `ssh_authorized_keys_local` (v0_5+). */
  readonly contentsLocal: boolean;
  /** trees `file_mode`, `dir_mode`, `user`, `group` (v0_7+). */
  readonly treeModes: boolean;
  /** `systemd.quadlets` (v0_8_exp). */
  readonly quadlets: boolean;
}

const SNAKE = new Map<string, string>();

/** camelCase → snake_case as Butane's snakeRe does. */
export function snake(key: string): string {
  let out = SNAKE.get(key);
  if (out === undefined) {
    out = key.replace(/(MiB|[A-Z])/g, (m) => `_${m.toLowerCase()}`);
    // The keys are the schemas' field names (a few hundred): remembered, as each translation asks again.
    if (SNAKE.size < 4096) SNAKE.set(key, out);
  }
  return out;
}

const str = (goType = 'string'): BNode => ({ kind: 'string', goType });
const int = (): BNode => ({ kind: 'int', goType: 'int' });
const bool = (): BNode => ({ kind: 'bool', goType: 'bool' });
const arr = (items: BNode): BNode => ({ kind: 'array', items });
const obj = (name: string, fields: Record<string, BNode>, pkg?: string): BNode => ({
  kind: 'object',
  name,
  fields,
  ...(pkg === undefined ? {} : { pkg }),
});

const RESOURCES = new Set(['Resource', 'ConfigReference', 'CaReference', 'FileContents']);
const BUTANE_NAMED_STRINGS = new Set(['Device', 'Group', 'KernelArgument', 'SSHAuthorizedKey']);

function convert(node: ig.SchemaNode, sugar: Sugar, hasNodeModes: boolean): BNode {
  switch (node.kind) {
    case 'ptr': {
      const target = convert(node.target as ig.SchemaNode, sugar, hasNodeModes);
      // A pointer to a struct (3.2's clevis, custom): null leaves it nil, so no null-object warning.
      return target.kind === 'object' ? { ...target, pointer: true } : target;
    }
    case 'string': {
      // Butane's base structs keep only these named string types; other lists are []string.
      const t = node.goType.replace(/^types\./, '');
      return { kind: 'string', goType: BUTANE_NAMED_STRINGS.has(t) ? t : 'string' };
    }
    case 'int':
      return int();
    case 'bool':
      return bool();
    case 'array':
      return arr(convert(node.items as ig.SchemaNode, sugar, hasNodeModes));
    case 'object': {
      const fields: Record<string, BNode> = {};
      const igKeys: Record<string, string> = {};
      for (const [key, child] of Object.entries(node.fields as Record<string, ig.SchemaNode>)) {
        if (node.name === 'Ignition' && key === 'version') continue;
        fields[snake(key)] = convert(child, sugar, hasNodeModes);
        igKeys[snake(key)] = key;
      }
      // Base v0_1 (fcos 1.0) has inline on file contents only; later bases on every resource.
      if (RESOURCES.has(node.name) && (sugar.local || node.name === 'FileContents')) {
        fields.inline = str();
        if (sugar.local) fields.local = str();
      }
      if (node.name === 'Filesystem' && sugar.local) fields.with_mount_unit = bool();
      if (node.name === 'Storage' && sugar.local) {
        const tree: Record<string, BNode> = { local: str(), path: str() };
        if (sugar.treeModes) {
          tree.file_mode = int();
          tree.dir_mode = int();
          tree.user = obj('NodeUser', { id: int(), name: str() });
          tree.group = obj('NodeGroup', { id: int(), name: str() });
        }
        fields.trees = arr(obj('Tree', tree));
      }
      if ((node.name === 'Unit' || node.name === 'Dropin') && sugar.contentsLocal) fields.contents_local = str();
      if (node.name === 'PasswdUser' && sugar.contentsLocal) fields.ssh_authorized_keys_local = arr(str());
      if (node.name === 'Systemd' && sugar.quadlets) {
        const dropin = obj('Dropin', { contents: str(), contents_local: str(), name: str() });
        // Go struct order: Contents, ContentsLocal, Name, Rootful, Dropins
        fields.quadlets = arr(
          obj('Quadlet', {
            contents: str(),
            contents_local: str(),
            name: str(),
            rootful: bool(),
            dropins: arr(dropin),
          }),
        );
      }
      if (node.name === 'Config') {
        fields.version = str();
        fields.variant = str();
      }
      return { kind: 'object', name: node.name, fields, ig: igKeys };
    }
  }
}

/** The Butane schema for an Ignition config schema and a sugar level; `extra` adds variant fields at the root. */
export function butaneSchema(config: ig.ObjectNode, sugar: Sugar, extra: Record<string, BNode> = {}): BNode {
  const root = convert(config, sugar, sugar.treeModes);
  if (root.kind !== 'object') throw new Error('config schema is an object');
  return { ...root, fields: { ...root.fields, ...extra } };
}

export const b = { str, int, bool, arr, obj };
