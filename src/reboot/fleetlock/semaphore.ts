/**
 * airlock's FleetLock semaphore (coreos/airlock), pure: one key per group,
 * `com.coreos.airlock/groups/<query-escaped group>/v1/semaphore`, value
 * `{"total_slots":N,"holders":[…]}` (holders sorted, `[]` initially). Locks
 * are owned and recursive: locking while holding succeeds without a change,
 * unlocking while not holding succeeds without a change.
 */
import { compareGoStrings } from '../semaphore.js';
import { queryEscape } from '../keys.js';

export interface SlotSemaphore {
  readonly totalSlots: number;
  readonly holders: readonly string[];
}

export function airlockKey(group: string): string {
  return `com.coreos.airlock/groups/${queryEscape(group)}/v1/semaphore`;
}

export function encodeSlots(s: SlotSemaphore): string {
  return `{"total_slots":${s.totalSlots},"holders":${JSON.stringify(s.holders)}}`;
}

export function parseSlots(text: string): { ok: true; value: SlotSemaphore } | { ok: false; message: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `the semaphore value is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const d = doc as { total_slots?: unknown; holders?: unknown } | null;
  if (d === null || typeof d !== 'object' || Array.isArray(d))
    return { ok: false, message: 'the semaphore value is not a JSON object' };
  const slots = d.total_slots ?? 0;
  if (typeof slots !== 'number' || !Number.isSafeInteger(slots) || slots < 0)
    return { ok: false, message: 'total_slots is not a count' };
  const holders = d.holders ?? [];
  if (!Array.isArray(holders) || holders.some((h) => typeof h !== 'string'))
    return { ok: false, message: 'holders is not a list of strings' };
  return { ok: true, value: { totalSlots: slots, holders: holders as string[] } };
}

function search(list: readonly string[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareGoStrings(list[mid] ?? '', id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type SlotChange =
  | { readonly ok: true; readonly value: SlotSemaphore; readonly changed: boolean }
  | { readonly ok: false; readonly message: string };

export function recursiveLock(s: SlotSemaphore, id: string): SlotChange {
  const at = search(s.holders, id);
  if (at < s.holders.length && s.holders[at] === id) return { ok: true, value: s, changed: false };
  if (s.holders.length >= s.totalSlots)
    return { ok: false, message: `all ${s.totalSlots} semaphore slots currently locked` };
  return {
    ok: true,
    value: { totalSlots: s.totalSlots, holders: [...s.holders.slice(0, at), id, ...s.holders.slice(at)] },
    changed: true,
  };
}

export function unlockIfHeld(s: SlotSemaphore, id: string): SlotChange {
  const at = search(s.holders, id);
  if (!(at < s.holders.length && s.holders[at] === id)) return { ok: true, value: s, changed: false };
  return {
    ok: true,
    value: { totalSlots: s.totalSlots, holders: [...s.holders.slice(0, at), ...s.holders.slice(at + 1)] },
    changed: true,
  };
}
