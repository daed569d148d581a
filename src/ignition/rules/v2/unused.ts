import { isPrefixOf, issue, type Issue, type JsonPath } from '../../../core/index.js';
import type { ObjectNode, SchemaNode } from '../../schema/index.js';

/** The object schema at a path (through pointers and array items), if the path leads to one. */
function objectAt(root: SchemaNode, path: JsonPath): ObjectNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const seg of path) {
    while (node?.kind === 'ptr') node = node.target as SchemaNode;
    if (node === undefined) return undefined;
    if (typeof seg === 'number') node = node.kind === 'array' ? (node.items as SchemaNode) : undefined;
    else node = node.kind === 'object' ? (node.fields as Record<string, SchemaNode>)[seg] : undefined;
  }
  while (node?.kind === 'ptr') node = node.target as SchemaNode;
  return node?.kind === 'object' ? node : undefined;
}

/**
 * Unused keys as Ignition v0.35 (the 2.x specs) reports them: `Config has
 * unrecognized key: X`, followed by an info `Did you mean F instead of X`
 * when a field matches case-insensitively; none inside a struct whose own
 * Validate failed, as its walker goes no further there; and no null-object
 * warning (that one is vcontext's, 3.x). Unlike that walker, `ignition.security.tls`
 * is a recognized key (see below).
 */
export function v2UnusedKeys(schema: ObjectNode, blocked: readonly JsonPath[], unused: readonly Issue[]): Issue[] {
  const out: Issue[] = [];
  // 2.2/2.3 embed TLS in Security (`TLS \`json:"tls"\``) and Ignition v0.35/v0.36's walker
  // flattens embedded structs, so it calls the `tls` key itself unrecognized. Hull does not
  // (a deliberate difference, docs/ignition.md): encoding/json reads `tls`, ct's own validation
  // does not warn, and every ct output has the key; keys inside `tls` are checked as usual.
  for (const u of unused) {
    if (u.code === 'IGN_NULL_OBJECT') continue; // vcontext's warning (3.x); the 2.x walker says nothing there
    if (u.code !== 'IGN_UNUSED_KEY') {
      out.push(u);
      continue;
    }
    const parent = u.path.slice(0, -1);
    if (blocked.some((b) => isPrefixOf(b, parent))) continue;
    const key = String(u.path[u.path.length - 1]);
    out.push({ ...u, message: `Config has unrecognized key: ${key}` });
    const fields = objectAt(schema, parent)?.fields ?? {};
    const typo = Object.keys(fields).find((f) => f.toLowerCase() === key.toLowerCase());
    if (typo !== undefined)
      out.push(issue('info', 'IGN_MISCASED_UNUSED_KEY', u.path, `Did you mean ${typo} instead of ${key}`, u.range));
  }
  return out;
}
