/**
 * The human view of a partition table (`hull disk show`): sizes in binary
 * units, type names, and the A/B /usr slots in words — which slot GRUB's
 * gptprio.next boots next, and why the others are skipped. Pure; the rows fit
 * 80 columns for labels up to 12 characters and the types named here.
 */
import type { GptPartition, GptTable } from './gpt/types.js';
import { typeName } from './gpt/type-guids.js';
import { getPrio, gptprioNext, isUsr } from './prio.js';

/** Bytes in binary units: "8 GiB", "1.9 GiB", "64 MiB", "512 B" (the largest unit, one decimal rounded down unless whole). */
export function humanSize(bytes: bigint | number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  const b = BigInt(bytes);
  let i = 0;
  while (i < units.length - 1 && b >= 1024n ** BigInt(i + 1)) i++;
  const unit = 1024n ** BigInt(i);
  if (b % unit === 0n) return `${b / unit} ${units[i]}`;
  const tenths = (b * 10n) / unit;
  return `${tenths / 10n}.${tenths % 10n} ${units[i]}`;
}

/** A usr slot's A/B bits in words, and whether GRUB's gptprio.next may boot it. */
export function slotState(p: GptPartition): { text: string; bootable: boolean } {
  const a = getPrio(p.attributes);
  if (a.priority === 0 && a.tries === 0 && !a.successful) return { text: 'never written (skipped)', bootable: false };
  if (a.priority === 0) return { text: 'priority 0 (skipped)', bootable: false };
  if (a.successful) return { text: `priority ${a.priority}, booted successfully`, bootable: true };
  if (a.tries > 0)
    return {
      text: `priority ${a.priority}, on trial, ${a.tries} ${a.tries === 1 ? 'try' : 'tries'} left`,
      bootable: true,
    };
  return { text: `priority ${a.priority}, tries used up, not successful (skipped)`, bootable: false };
}

/** The next-boot sentence: the slot gptprio.next picks and why, or that none can boot. */
export function nextBootText(t: GptTable): string[] {
  const next = gptprioNext(t);
  if (!next) return ['next boot: none: no /usr slot can boot (GRUB finds no candidate)'];
  // `next.partition` is after the boot attempt; the reason is in the bits before it.
  const before = t.partitions.find((p) => p.number === next.partition.number)!;
  const a = getPrio(before.attributes);
  const out = [
    `next boot: ${before.name || '(no label)'} (${before.number}), the highest priority (${a.priority}) of the bootable slots`,
  ];
  if (!a.successful)
    out.push(
      a.tries === 1
        ? '  (on trial: this boot uses its last try)'
        : `  (on trial: this boot uses 1 of its ${a.tries} tries)`,
    );
  return out;
}

/** The widest of `min` and the lengths (a loop: a table may hold 131 072 entries, too many to spread). */
function widest(min: number, items: readonly GptPartition[], len: (p: GptPartition) => number): number {
  let w = min;
  for (const p of items) w = Math.max(w, len(p));
  return w;
}

/**
 * The lines of `hull disk show` (text), without trailing newlines. `filesystems`:
 * the filesystem signature found on some partitions (by number), named after the type.
 */
export function describeTable(t: GptTable, filesystems: ReadonlyMap<number, string> = new Map()): string[] {
  const ss = BigInt(t.sectorSize);
  const labelW = widest(5, t.partitions, (p) => p.name.length);
  const lbaW = widest(9, t.partitions, (p) => String(p.firstLba).length);
  const count = t.partitions.length;
  const out = [
    `${humanSize(t.totalSectors * ss)} disk, ${t.totalSectors} sectors of ${t.sectorSize} bytes, ${count} partition${count === 1 ? '' : 's'}`,
    `disk GUID ${t.diskGuid}`,
    '',
    `  #  ${'label'.padEnd(labelW)}  ${'first LBA'.padStart(lbaW)}      size  type`,
  ];
  for (const p of t.partitions) {
    out.push(
      `${String(p.number).padStart(3)}  ${p.name.padEnd(labelW)}  ${String(p.firstLba).padStart(lbaW)}  ${humanSize((p.lastLba - p.firstLba + 1n) * ss).padStart(8)}  ${typeName(p.typeGuid)}${filesystems.has(p.number) ? `, ${filesystems.get(p.number)}` : ''}`,
    );
  }
  const slots = t.partitions.filter(isUsr);
  if (slots.length > 0) {
    const w = widest(0, slots, (p) => p.name.length);
    out.push('', '/usr slots (A/B):');
    for (const p of slots) out.push(`${String(p.number).padStart(3)}  ${p.name.padEnd(w)}  ${slotState(p).text}`);
    out.push(...nextBootText(t)); // bounded spread: two or three lines
  }
  return out;
}
