/**
 * Ignition 3.x config merging (Ignition's config/merge), the one home of it:
 * the child config is laid over the parent. Provision merges fetched configs
 * with it (`ignition.config.merge`), Butane merges its generated sugar with it.
 *
 * The rules, on plain JSON values:
 * - objects merge field by field; a field the child leaves out (or sets to
 *   null) keeps the parent's value, any other child value wins;
 * - lists of entries are keyed (`files`/`directories`/`links` by `path`, and
 *   these three share one key space; `disks` and `filesystems` by `device`;
 *   `partitions` by number, else label; config and CA resources by `source`;
 *   `tang` by `url`; everything else by `name`; lists of strings by the
 *   string). A parent entry whose key the child has in the same list is merged
 *   with that child entry in the parent's place; one whose key the child has
 *   in another list of the same key space is dropped; the rest stay. Child
 *   entries whose key the parent's list lacks follow, in order;
 * - the lists Ignition leaves unkeyed (`append`, the `options` of
 *   filesystems, LUKS volumes and RAID arrays, `mountOptions`) are
 *   concatenated;
 * - an HTTP header the child gives without a value removes the parent's.
 *
 * An optional `onPlace` hears where each list entry went: the input side and
 * path, and its path in the result (undefined when it was dropped). Entries
 * of a subtree taken whole keep their place relative to it.
 */
import type { JsonPath } from '../core/index.js';

export type MergeSide = 'parent' | 'child';
export type MergePlacement = (side: MergeSide, from: JsonPath, to: JsonPath | undefined) => void;

type Rec = Record<string, unknown>;

/** The field an entry of each keyed list is known by (`name` when not listed). */
const KEY_FIELD: Record<string, string> = {
  files: 'path',
  directories: 'path',
  links: 'path',
  disks: 'device',
  filesystems: 'device',
  merge: 'source',
  certificateAuthorities: 'source',
  tang: 'url',
};
/** Lists sharing one key space (Ignition's MergedKeys of Storage). */
const HANDLE: Record<string, string> = { files: 'node', directories: 'node', links: 'node' };
/** Lists appended without looking at keys (Ignition's IgnoreDuplicates). */
const UNKEYED = new Set(['append', 'options', 'mountOptions']);

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown): boolean => v === undefined || v === null;
const handleOf = (field: string): string => HANDLE[field] ?? field;

/** Ignition's Key() of one list entry. */
export function entryKey(field: string, entry: unknown): string {
  if (!isRec(entry)) return String(entry);
  if (field === 'partitions') {
    if (typeof entry.number === 'number' && entry.number !== 0) return `number:${entry.number}`;
    return absent(entry.label) ? '' : `label:${String(entry.label)}`;
  }
  const v = entry[KEY_FIELD[field] ?? 'name'];
  return absent(v) ? '' : String(v);
}

interface ChildEntry {
  readonly field: string;
  readonly index: number;
  readonly value: unknown;
}

interface Paths {
  readonly parent: JsonPath;
  readonly child: JsonPath;
  readonly result: JsonPath;
}

const at = (p: Paths, k: string | number): Paths => ({
  parent: [...p.parent, k],
  child: [...p.child, k],
  result: [...p.result, k],
});

class Merger {
  constructor(private readonly onPlace: MergePlacement | undefined) {}

  private place(side: MergeSide, from: JsonPath, to: JsonPath | undefined): void {
    this.onPlace?.(side, from, to);
  }

  object(parent: Rec, child: Rec, paths: Paths): Rec {
    // The child's keyed entries, by key space and key (a later duplicate wins, as in Ignition).
    const byKey = new Map<string, ChildEntry>();
    for (const [field, v] of Object.entries(child)) {
      if (!Array.isArray(v) || UNKEYED.has(field)) continue;
      v.forEach((value, index) =>
        byKey.set(`${handleOf(field)}\u0000${entryKey(field, value)}`, { field, index, value }),
      );
    }
    const out: Rec = { ...parent };
    for (const k of new Set([...Object.keys(parent), ...Object.keys(child)])) {
      const p = parent[k];
      const c = child[k];
      const sub = at(paths, k);
      if (Array.isArray(p) && (Array.isArray(c) || (absent(c) && HANDLE[k] !== undefined))) {
        out[k] = this.list(k, p, Array.isArray(c) ? c : [], byKey, sub);
      } else if (absent(c)) continue;
      else if (isRec(p) && isRec(c)) out[k] = this.object(p, c, sub);
      else out[k] = c;
    }
    return out;
  }

  private list(
    field: string,
    parent: readonly unknown[],
    child: readonly unknown[],
    byKey: Map<string, ChildEntry>,
    paths: Paths,
  ): unknown[] {
    const out: unknown[] = [];
    const push = (v: unknown): JsonPath => {
      out.push(v);
      return [...paths.result, out.length - 1];
    };
    if (UNKEYED.has(field)) {
      parent.forEach((v, i) => this.place('parent', [...paths.parent, i], push(v)));
      child.forEach((v, i) => this.place('child', [...paths.child, i], push(v)));
      return out;
    }
    const parentKeys = new Set(parent.map((v) => entryKey(field, v)));
    const used = new Set<number>();
    parent.forEach((p, i) => {
      const from: JsonPath = [...paths.parent, i];
      const hit = byKey.get(`${handleOf(field)}\u0000${entryKey(field, p)}`);
      if (hit === undefined) return this.place('parent', from, push(p));
      // In another list of the same key space: the child's entry replaces this one there.
      if (hit.field !== field) return this.place('parent', from, undefined);
      const childFrom: JsonPath = [...paths.child, hit.index];
      used.add(hit.index);
      if (field === 'httpHeaders' && isRec(hit.value) && absent(hit.value.value)) {
        this.place('parent', from, undefined);
        return this.place('child', childFrom, undefined);
      }
      const to: JsonPath = [...paths.result, out.length];
      const merged =
        isRec(p) && isRec(hit.value)
          ? this.object(p, hit.value, { parent: from, child: childFrom, result: to })
          : hit.value;
      push(merged);
      this.place('parent', from, to);
      this.place('child', childFrom, to);
    });
    child.forEach((c, i) => {
      if (!parentKeys.has(entryKey(field, c))) this.place('child', [...paths.child, i], push(c));
      else if (!used.has(i)) this.place('child', [...paths.child, i], undefined);
    });
    return out;
  }
}

/** The child config laid over the parent, as Ignition merges them (neither input is changed). */
export function mergeConfigs<T>(parent: T, child: T, onPlace?: MergePlacement): T {
  if (!isRec(parent) || !isRec(child)) return (absent(child) ? parent : child) as T;
  return new Merger(onPlace).object(parent, child, { parent: [], child: [], result: [] }) as T;
}
