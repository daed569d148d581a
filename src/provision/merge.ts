/**
 * Ignition 3.x config merging (config/merge): the child is laid over the
 * parent. Lists of keyed entries (files/directories/links by path, units and
 * users and groups by name, drop-ins by name, disks by device, filesystems by
 * device) merge entry by entry, the child's set fields winning; other lists
 * are concatenated; scalars: the child's value when set. ignition.config of
 * the parent is not carried into the result.
 */
type Json = unknown;

const KEYS: Record<string, string> = {
  files: 'path', directories: 'path', links: 'path', units: 'name', dropins: 'name', users: 'name', groups: 'name',
  disks: 'device', filesystems: 'device', partitions: 'number', raid: 'name', luks: 'name', httpHeaders: 'name',
};

const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergeValues(parent: Json, child: Json, field = ''): Json {
  if (child === undefined || child === null) return parent;
  if (Array.isArray(parent) && Array.isArray(child)) {
    const key = KEYS[field];
    if (!key) return [...parent, ...child];
    const out: Json[] = parent.map((e) => e);
    for (const c of child) {
      const i = out.findIndex((p) => isObj(p) && isObj(c) && p[key] !== undefined && p[key] === c[key]);
      if (i >= 0) out[i] = mergeValues(out[i], c);
      else out.push(c);
    }
    return out;
  }
  if (isObj(parent) && isObj(child)) {
    const out: Record<string, Json> = { ...parent };
    for (const [k, v] of Object.entries(child)) out[k] = k in parent ? mergeValues(parent[k], v, k) : v;
    return out;
  }
  return child;
}
