/**
 * Butane-level rules on the decoded Butane struct, in Butane's walk order
 * (a struct's own Validate before its fields, fields in Go order):
 * resource sources, with_mount_unit requirements, decimal-looking modes,
 * tree locals, contents vs contents_local, quadlet names.
 */
import { pushAll, type Issue, type JsonPath } from '../../core/index.js';
import { butaneIssue } from './messages.js';
import type { BObject, BValue } from './decode.js';
import { checkForDecimalMode } from './decimal-mode.js';
import type { BNode } from './schema.js';
import { templateOf } from './quadlets.js';

const RESOURCES = new Set(['Resource', 'ConfigReference', 'CaReference', 'FileContents']);
const QUADLET_EXT = ['.container', '.volume', '.network', '.kube', '.image', '.build', '.pod', '.artifact'];

export type EmbeddedCheck = (text: string, at: JsonPath, field: 'inline') => Issue[];

/** Visits every struct value, parents first, fields in schema order. */
function walk(
  node: BNode,
  value: BValue | undefined,
  path: JsonPath,
  visit: (name: string, v: BObject, p: JsonPath) => void,
): void {
  if (value === undefined) return;
  if (node.kind === 'array' && Array.isArray(value))
    value.forEach((item, i) => walk(node.items, item, [...path, i], visit));
  else if (node.kind === 'object' && typeof value === 'object' && !Array.isArray(value)) {
    visit(node.name, value, path);
    for (const [k, child] of Object.entries(node.fields)) walk(child, value[k], [...path, k], visit);
  }
}

export function validateSource(schema: BNode, value: BObject, embedded: EmbeddedCheck): Issue[] {
  const out: Issue[] = [];
  walk(schema, value, [], (name, v, p) => {
    if (RESOURCES.has(name)) {
      let field: string | undefined;
      let n = 0;
      for (const f of ['local', 'inline', 'source']) {
        if (v[f] !== undefined) {
          n++;
          field = f;
        }
      }
      if (n > 1) out.push(butaneIssue.error('BUTANE_TOO_MANY_SOURCES', [...p, field!]));
      else if (field === 'inline' && p[0] === 'ignition' && p[1] === 'config')
        pushAll(out, embedded(String(v.inline), p, 'inline'));
    } else if (name === 'Filesystem') {
      if (v.with_mount_unit === true) {
        if (v.format === undefined || v.format === '')
          out.push(butaneIssue.error('BUTANE_MOUNT_UNIT_NO_FORMAT', [...p, 'format']));
        else if (v.format !== 'swap' && (v.path === undefined || v.path === ''))
          out.push(butaneIssue.error('BUTANE_MOUNT_UNIT_NO_PATH', [...p, 'path']));
      }
    } else if (name === 'File' || name === 'Directory') {
      if (typeof v.mode === 'number' && checkForDecimalMode(v.mode, name === 'Directory')) {
        out.push(butaneIssue.warning('BUTANE_DECIMAL_MODE', [...p, 'mode']));
      }
    } else if (name === 'Tree') {
      if (v.local === undefined || v.local === '') out.push(butaneIssue.error('BUTANE_TREE_NO_LOCAL', p));
    } else if (name === 'Quadlet') {
      const qname = typeof v.name === 'string' ? v.name : '';
      if (!QUADLET_EXT.some((e) => qname.endsWith(e)))
        out.push(butaneIssue.error('BUTANE_QUADLET_EXTENSION', [...p, 'name']));
      else if (templateOf(qname) !== undefined) {
        for (const f of ['contents', 'contents_local']) {
          if (v[f] !== undefined) out.push(butaneIssue.error('BUTANE_QUADLET_TEMPLATE_CONTENTS', [...p, f]));
        }
      } else if (v.contents_local !== undefined && v.contents !== undefined) {
        out.push(butaneIssue.error('BUTANE_TOO_MANY_SYSTEMD_SOURCES', [...p, 'contents_local']));
      }
    } else if (name === 'Unit' || name === 'Dropin') {
      if (v.contents_local !== undefined && v.contents !== undefined) {
        out.push(butaneIssue.error('BUTANE_TOO_MANY_SYSTEMD_SOURCES', [...p, 'contents_local']));
      }
    }
  });
  return out;
}
