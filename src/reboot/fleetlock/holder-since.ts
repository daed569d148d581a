/**
 * Since when each FleetLock holder holds its slot. airlock's semaphore value
 * (`{"total_slots":N,"holders":[…]}`) has no room for it and airlock, Zincati's
 * own lock server, rewrites that value as its struct has it, so Hull keeps
 * the times beside it, in a key of its own in the same KvStore (the store or
 * etcd): `hull/fleetlock/groups/<query-escaped group>/v1/holder-since`, value a
 * JSON object `{"<node id>": "<ISO 8601 time>", …}`. Pure.
 *
 * The key is written after the semaphore changed (a holder added: its time is
 * now; removed: its entry goes), so it can lag or miss a holder (a slot taken
 * through another server on the same etcd, or before this key existed):
 * readers show only entries of current holders and an unknown time for the rest.
 */
import { queryEscape } from '../keys.js';

export type HolderSince = Readonly<Record<string, string>>;

export function holderSinceKey(group: string): string {
  return `hull/fleetlock/groups/${queryEscape(group)}/v1/holder-since`;
}

/** Keys in sorted order, so an unchanged map encodes to the same bytes. */
export function encodeHolderSince(map: HolderSince): string {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(map).sort()) sorted[k] = map[k]!;
  return JSON.stringify(sorted);
}

/** A value that is not such an object reads as empty (the times are a display aid, never a reason to refuse a lock). */
export function parseHolderSince(text: string): HolderSince {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return {};
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc as Record<string, unknown>))
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) out[k] = v;
  return out;
}

export type HolderChange =
  | { readonly kind: 'added'; readonly id: string; readonly at: string }
  | { readonly kind: 'removed'; readonly id: string };

export function applyHolderChange(map: HolderSince, change: HolderChange): HolderSince {
  const next: Record<string, string> = { ...map };
  if (change.kind === 'added') next[change.id] = change.at;
  else delete next[change.id];
  return next;
}

/** The times of the given holders that are known (others left out). */
export function sinceOfHolders(map: HolderSince, holders: readonly string[]): HolderSince {
  const out: Record<string, string> = {};
  for (const h of holders) if (Object.hasOwn(map, h)) out[h] = map[h]!;
  return out;
}
