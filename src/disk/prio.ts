/**
 * A/B slot attributes (bits 48–51 priority, 52–55 tries, 56 successful) and
 * the decisions made with them: GRUB's gptprio.next, mark-successful,
 * cgpt prioritize, preparing the idle slot for an update, and rollback.
 * All functions are pure: they take a table and return a new one.
 */
import type { GptPartition, GptTable } from './gpt/types.js';
import { USR_TYPE_GUID } from './gpt/type-guids.js';

export interface Prio {
  readonly priority: number;
  readonly tries: number;
  readonly successful: boolean;
}

export function getPrio(attributes: bigint): Prio {
  return {
    priority: Number((attributes >> 48n) & 0xfn),
    tries: Number((attributes >> 52n) & 0xfn),
    successful: ((attributes >> 56n) & 1n) === 1n,
  };
}

const PRIO_MASK = (0xfn << 48n) | (0xfn << 52n) | (1n << 56n);

/** Replaces the priority/tries/successful bits, keeping every other bit. Values are clamped to 0..15. */
export function setPrio(attributes: bigint, p: Partial<Prio>): bigint {
  const cur = getPrio(attributes);
  const clamp = (n: number): bigint => BigInt(Math.max(0, Math.min(15, Math.trunc(n))));
  const priority = clamp(p.priority ?? cur.priority);
  const tries = clamp(p.tries ?? cur.tries);
  const successful = (p.successful ?? cur.successful) ? 1n : 0n;
  return (attributes & ~PRIO_MASK & 0xffffffffffffffffn) | (priority << 48n) | (tries << 52n) | (successful << 56n);
}

export const isUsr = (p: GptPartition): boolean => p.typeGuid === USR_TYPE_GUID;

function withAttributes(t: GptTable, number: number, f: (a: bigint) => bigint): GptTable {
  return {
    ...t,
    partitions: t.partitions.map((p) => (p.number === number ? { ...p, attributes: f(p.attributes) } : p)),
  };
}

export interface NextBoot {
  readonly partition: GptPartition;
  /** The table after the boot attempt (tries decremented when it was > 0). */
  readonly table: GptTable;
  /** True when the table changed and GRUB would write both copies back. */
  readonly changed: boolean;
}

/**
 * GRUB gptprio.next: among usr entries in table order, the candidate is
 * replaced iff (tries > 0 or successful) and priority > the candidate's
 * (0 with no candidate). Ties go to the lower number; priority 0 never wins.
 */
export function gptprioNext(t: GptTable): NextBoot | undefined {
  let best: GptPartition | undefined;
  let bestPrio = 0;
  for (const p of [...t.partitions].sort((a, b) => a.number - b.number)) {
    if (!isUsr(p)) continue;
    const a = getPrio(p.attributes);
    if ((a.tries > 0 || a.successful) && a.priority > bestPrio) {
      best = p;
      bestPrio = a.priority;
    }
  }
  if (!best) return undefined;
  const { tries } = getPrio(best.attributes);
  if (tries === 0) return { partition: best, table: t, changed: false };
  const table = withAttributes(t, best.number, (a) => setPrio(a, { tries: tries - 1 }));
  return { partition: table.partitions.find((p) => p.number === best!.number)!, table, changed: true };
}

/**
 * cgpt prioritize (seismograph semantics): usr entries grouped by priority;
 * `number` (or its whole group with `friends`) moves into a new top group;
 * a bottom group of priority 0 is dropped (never raised); priorities are
 * reassigned from `max` (default min(groups, 15)) down by one, never below 1.
 */
export function prioritize(t: GptTable, number?: number, opts: { max?: number; friends?: boolean } = {}): GptTable {
  const usr = t.partitions.filter(isUsr);
  const prioOf = (p: GptPartition): number => getPrio(p.attributes).priority;
  const groups = new Map<number, number[]>();
  const selected = number === undefined ? undefined : usr.find((p) => p.number === number);
  const selPrio = selected ? prioOf(selected) : -1;
  const top: number[] = [];
  for (const p of usr) {
    if (selected && (p.number === selected.number || (opts.friends && prioOf(p) === selPrio && selPrio !== 0))) {
      top.push(p.number);
      continue;
    }
    const pr = prioOf(p);
    const group = groups.get(pr);
    if (group) group.push(p.number);
    else groups.set(pr, [p.number]);
  }
  const ordered: { prio: number; members: number[] }[] = [...groups.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([prio, members]) => ({ prio, members }));
  if (ordered.length > 0 && ordered[ordered.length - 1]!.prio === 0) ordered.pop();
  if (top.length > 0) ordered.unshift({ prio: 16, members: top });
  let next = Math.min(15, Math.max(1, opts.max ?? Math.min(ordered.length, 15)));
  const assign = new Map<number, number>();
  for (const g of ordered) {
    for (const n of g.members) assign.set(n, next);
    next = Math.max(1, next - 1);
  }
  return {
    ...t,
    partitions: t.partitions.map((p) =>
      assign.has(p.number) ? { ...p, attributes: setPrio(p.attributes, { priority: assign.get(p.number)! }) } : p,
    ),
  };
}

/** mark-good (Flatcar's setgoodroot): successful=1, tries=0, then prioritize the slot. */
export function markSuccessful(t: GptTable, number: number): GptTable {
  return prioritize(
    withAttributes(t, number, (a) => setPrio(a, { successful: true, tries: 0 })),
    number,
  );
}

/** The other usr slot of an A/B pair. */
export function otherSlot(t: GptTable, number: number): GptPartition | undefined {
  return t.partitions.find((p) => isUsr(p) && p.number !== number);
}

/** After writing an update to `number`: successful=0, tries=1, priority above every other slot. */
export function prepareSlot(t: GptTable, number: number): GptTable {
  return prioritize(
    withAttributes(t, number, (a) => setPrio(a, { successful: false, tries: 1 })),
    number,
  );
}

export type RollbackResult =
  | { readonly ok: true; readonly from: GptPartition; readonly to: GptPartition; readonly table: GptTable }
  | { readonly ok: false; readonly reason: string };

/**
 * Makes the slot other than `current` the boot target. Refuses when that
 * slot was never written (all prio bits zero), has priority 0, or could not
 * be chosen by gptprio.next (tries 0 and not successful).
 */
export function rollback(t: GptTable, current: number): RollbackResult {
  const from = t.partitions.find((p) => p.number === current && isUsr(p));
  if (!from) return { ok: false, reason: `partition ${current} is not a usr slot` };
  const to = otherSlot(t, current);
  if (!to) return { ok: false, reason: 'there is no other usr slot' };
  const a = getPrio(to.attributes);
  if (a.priority === 0 && a.tries === 0 && !a.successful)
    return {
      ok: false,
      reason: `partition ${to.number} (${to.name}) was never written (priority, tries and successful are all 0)`,
    };
  if (a.priority === 0) return { ok: false, reason: `partition ${to.number} (${to.name}) has priority 0 (disabled)` };
  if (a.tries === 0 && !a.successful)
    return { ok: false, reason: `partition ${to.number} (${to.name}) has tries 0 and never booted successfully` };
  const table = prioritize(t, to.number);
  return { ok: true, from, to: table.partitions.find((p) => p.number === to.number)!, table };
}

/**
 * The slot that is running (or last chosen): the usr slot with the highest
 * priority, ties to the lower number. After a committed boot its tries may be
 * 0, so this is not gptprio.next.
 */
export function activeSlot(t: GptTable): GptPartition | undefined {
  let best: GptPartition | undefined;
  for (const p of [...t.partitions].sort((a, b) => a.number - b.number)) {
    if (isUsr(p) && (!best || getPrio(p.attributes).priority > getPrio(best.attributes).priority)) best = p;
  }
  return best;
}
