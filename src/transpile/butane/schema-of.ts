import { b, butaneSchema, type BNode } from './schema.js';
import { fcosExtras } from './fcos.js';
import type { ButaneSpec } from './spec.js';

/** The Butane Tang struct of a version (from its luks.clevis.tang), for boot_device.luks.tang. */
function tangNode(root: BNode): BNode {
  const at = (n: BNode | undefined, k: string): BNode | undefined =>
    n?.kind === 'object' ? n.fields[k] : n?.kind === 'array' ? at(n.items, k) : undefined;
  const tang = at(at(at(at(root, 'storage'), 'luks'), 'clevis'), 'tang');
  return tang?.kind === 'array' ? tang.items : b.obj('Tang', { thumbprint: b.str(), url: b.str() });
}

const cache = new Map<ButaneSpec, BNode>();
/** The Butane input schema of a variant/version (base structs plus the fcos extras); cached. */
export function schemaOf(spec: ButaneSpec): BNode {
  let s = cache.get(spec);
  if (s === undefined) {
    const base = butaneSchema(spec.ignition.schema, spec.sugar);
    s =
      spec.variant === 'fcos' ? butaneSchema(spec.ignition.schema, spec.sugar, fcosExtras(spec, tangNode(base))) : base;
    cache.set(spec, s);
  }
  return s;
}
