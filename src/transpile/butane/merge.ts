/**
 * Ignition's config merge for generated sugar (Butane MergeTranslatedConfigs):
 * the generated config is the parent, the user's translated config the
 * child. Keyed lists merge entry by entry (child fields win, the entry stays
 * at the parent's place); unmatched child entries follow the parent's.
 * Translations follow the values.
 */
import type { JsonPath } from '../../core/index.js';
import { TranslationSet } from '../translation-set.js';

type Rec = Record<string, unknown>;
type KeyFn = (x: Rec) => string | undefined;

const byPath: KeyFn = (x) => (typeof x.path === 'string' ? `p:${x.path}` : undefined);
const LISTS: Record<string, Record<string, KeyFn>> = {
  storage: {
    disks: (x) => String(x.device ?? ''),
    filesystems: (x) => String(x.device ?? ''),
    luks: (x) => String(x.name ?? ''),
    raid: (x) => String(x.name ?? ''),
    files: byPath,
    directories: byPath,
    links: byPath,
  },
  systemd: { units: (x) => String(x.name ?? '') },
  passwd: { users: (x) => String(x.name ?? ''), groups: (x) => String(x.name ?? '') },
};
const NESTED: Record<string, [string, KeyFn]> = {
  'storage.disks': ['partitions', (p) => (typeof p.number === 'number' && p.number !== 0 ? `n${p.number}` : `l${String(p.label ?? '')}`)],
  'systemd.units': ['dropins', (d) => String(d.name ?? '')],
};

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeRec(parent: Rec, child: Rec, nested: [string, KeyFn] | undefined, map: Map<number, number> | undefined): Rec {
  const out: Rec = { ...parent };
  for (const [k, v] of Object.entries(child)) {
    if (v === undefined) continue;
    if (nested !== undefined && k === nested[0] && Array.isArray(v)) {
      const list = [...((parent[k] as Rec[] | undefined) ?? [])];
      const parentCount = list.length;
      v.forEach((item, i) => {
        const at = list.findIndex((x, xi) => xi < parentCount && nested[1](x) === nested[1](item as Rec));
        if (at >= 0) {
          list[at] = mergeRec(list[at]!, item as Rec, undefined, undefined);
          map?.set(i, at);
        } else {
          map?.set(i, list.length);
          list.push(item as Rec);
        }
      });
      out[k] = list;
    } else if (isRec(v) && isRec(out[k])) out[k] = mergeRec(out[k] as Rec, v, undefined, undefined);
    else out[k] = v;
  }
  return out;
}

export function mergeTranslated(parent: Rec, parentTs: TranslationSet, child: Rec, childTs: TranslationSet): { config: Rec; ts: TranslationSet } {
  const out: Rec = structuredClone(parent);
  // child list index → output index, per list (and per entry for nested lists)
  const maps = new Map<string, Map<number, number>>();
  const nestedMaps = new Map<string, Map<number, number>>();
  for (const [sec, value] of Object.entries(child)) {
    if (value === undefined) continue;
    const lists = LISTS[sec];
    if (lists === undefined || !isRec(value)) {
      out[sec] = isRec(value) && isRec(out[sec]) ? mergeRec(out[sec] as Rec, value, undefined, undefined) : value;
      continue;
    }
    const target: Rec = isRec(out[sec]) ? { ...(out[sec] as Rec) } : {};
    for (const [name, v] of Object.entries(value)) {
      const key = lists[name];
      if (key === undefined || !Array.isArray(v)) {
        if (v !== undefined) target[name] = isRec(v) && isRec(target[name]) ? mergeRec(target[name] as Rec, v, undefined, undefined) : v;
        continue;
      }
      const list = [...((target[name] as Rec[] | undefined) ?? [])];
      const parentCount = list.length;
      const map = new Map<number, number>();
      const nested = NESTED[`${sec}.${name}`];
      v.forEach((item, i) => {
        const at = list.findIndex((x, xi) => xi < parentCount && key(x) === key(item as Rec));
        if (at >= 0) {
          const nmap = new Map<number, number>();
          list[at] = mergeRec(list[at]!, item as Rec, nested, nmap);
          nestedMaps.set(`${sec}.${name}.${i}`, nmap);
          map.set(i, at);
        } else {
          map.set(i, list.length);
          list.push(item as Rec);
        }
      });
      maps.set(`${sec}.${name}`, map);
      target[name] = list;
    }
    out[sec] = target;
  }
  const remap = (p: JsonPath): JsonPath => {
    if (p.length < 3 || typeof p[2] !== 'number') return p;
    const map = maps.get(`${String(p[0])}.${String(p[1])}`);
    if (map === undefined) return p;
    const i = p[2];
    const to = map.get(i) ?? i;
    const rest = [...p.slice(3)];
    const nmap = nestedMaps.get(`${String(p[0])}.${String(p[1])}.${i}`);
    if (nmap !== undefined && rest.length >= 2 && typeof rest[1] === 'number') rest[1] = nmap.get(rest[1]) ?? rest[1];
    return [p[0]!, p[1]!, to, ...rest];
  };
  const ts = new TranslationSet().merge(parentTs);
  for (const t of childTs.entries()) ts.add(t.from, remap(t.to));
  return { config: out, ts };
}
