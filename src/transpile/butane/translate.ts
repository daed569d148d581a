/**
 * The 1:1 part of Butane: every Butane field becomes the Ignition field of
 * the same name in camelCase, each recorded in the TranslationSet, plus the
 * sugar that lives inside one struct: resources (`inline`/`local`), units
 * and drop-ins (`contents_local`), users (`ssh_authorized_keys_local`).
 */
import type { JsonPath } from '../../core/index.js';
import type { schema as ig } from '../../ignition/index.js';
import { butaneIssue } from './messages.js';
import type { BObject, BValue } from './decode.js';
import { applyResourceSugar, readLocal, type ResourceContext } from './resource.js';
import { snake } from './schema.js';

const RESOURCES = new Set(['Resource', 'ConfigReference', 'CaReference', 'FileContents']);
const decoder = new TextDecoder();

export function translateValue(
  node: ig.SchemaNode,
  value: BValue,
  from: JsonPath,
  to: JsonPath,
  ctx: ResourceContext,
): unknown {
  switch (node.kind) {
    case 'ptr':
      return translateValue(node.target as ig.SchemaNode, value, from, to, ctx);
    case 'array': {
      if (!Array.isArray(value)) return [];
      return value.map((item, i) => {
        ctx.ts.add([...from, i], [...to, i]);
        return translateValue(node.items as ig.SchemaNode, item, [...from, i], [...to, i], ctx);
      });
    }
    case 'object': {
      const src = (typeof value === 'object' && !Array.isArray(value) ? value : {}) as BObject;
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node.fields as Record<string, ig.SchemaNode>)) {
        if (node.name === 'Ignition' && key === 'version') continue;
        const s = snake(key);
        const v = src[s];
        if (v === undefined) continue;
        ctx.ts.add([...from, s], [...to, key]);
        out[key] = translateValue(child, v, [...from, s], [...to, key], ctx);
      }
      if (RESOURCES.has(node.name)) applyResourceSugar(src, out, from, to, 'compression' in node.fields, ctx);
      if (node.name === 'Unit' || node.name === 'Dropin') contentsLocal(src, out, from, to, ctx);
      if (node.name === 'PasswdUser') sshKeysLocal(src, out, from, to, ctx);
      return out;
    }
    default:
      return value;
  }
}

function contentsLocal(
  src: BObject,
  out: Record<string, unknown>,
  from: JsonPath,
  to: JsonPath,
  ctx: ResourceContext,
): void {
  const local = src.contents_local;
  if (typeof local !== 'string' || local === '') return;
  const at = [...from, 'contents_local'];
  const r = readLocal(local, at, ctx.ports);
  if (r.issue !== undefined) ctx.issues.push(r.issue);
  if (r.data === undefined) return;
  ctx.ts.add(at, [...to, 'contents']);
  out.contents = decoder.decode(r.data);
}

function sshKeysLocal(
  src: BObject,
  out: Record<string, unknown>,
  from: JsonPath,
  to: JsonPath,
  ctx: ResourceContext,
): void {
  const locals = src.ssh_authorized_keys_local;
  if (!Array.isArray(locals) || locals.length === 0) return;
  const at = [...from, 'ssh_authorized_keys_local'];
  ctx.ts.add(at, [...to, 'sshAuthorizedKeys']);
  if (ctx.ports.files === undefined) {
    ctx.issues.push(butaneIssue.error('BUTANE_NO_FILES_DIR', at));
    return;
  }
  const keys = Array.isArray(out.sshAuthorizedKeys) ? (out.sshAuthorizedKeys as unknown[]) : [];
  locals.forEach((local, i) => {
    const r = readLocal(String(local), [...at, i], ctx.ports);
    if (r.issue !== undefined) {
      ctx.issues.push(r.issue);
      return;
    }
    for (const line of decoder.decode(r.data).split(/\r?\n/)) {
      if (line === '') continue;
      ctx.ts.add([...at, i], [...to, 'sshAuthorizedKeys', keys.length]);
      keys.push(line);
    }
  });
  out.sshAuthorizedKeys = keys;
}
