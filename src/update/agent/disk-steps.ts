/**
 * The agent's GPT steps on the booted disk, each one GPT write (or none when
 * nothing changes), done with src/disk: keep the idle slot unbootable while it
 * is written, update_engine's postinstall (successful=0, tries=1, highest
 * priority) and flatcar-setgoodroot (successful=1, tries=0, prioritize).
 */
import {
  getPrio,
  markSuccessful,
  prepareSlot,
  readGpt,
  setPrio,
  writeGpt,
  writeOptionsFor,
  type BlockDevice,
  type GptPartition,
  type GptTable,
} from '../../disk/index.js';

export class DiskStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiskStepError';
  }
}

export interface ReadTable {
  readonly table: GptTable;
  readonly source: 'primary' | 'backup';
}

export async function readTable(dev: BlockDevice): Promise<ReadTable> {
  const r = await readGpt(dev);
  if (!r.table || !r.source)
    throw new DiskStepError(`the booted disk has no valid GPT (${r.issues.map((i) => i.message).join('; ')})`);
  return { table: r.table, source: r.source };
}

export function partitionOf(t: GptTable, number: number): GptPartition {
  const p = t.partitions.find((x) => x.number === number);
  if (!p) throw new DiskStepError(`the booted disk has no partition ${number}`);
  return p;
}

/** The byte range of a partition. */
export function extentOf(t: GptTable, number: number): { offset: number; size: number } {
  const p = partitionOf(t, number);
  const ss = BigInt(t.sectorSize);
  return { offset: Number(p.firstLba * ss), size: Number((p.lastLba - p.firstLba + 1n) * ss) };
}

async function rewrite(dev: BlockDevice, r: ReadTable, next: GptTable): Promise<boolean> {
  const same = r.table.partitions.every((p, i) => p.attributes === next.partitions[i]?.attributes);
  if (same) return false;
  await writeGpt(dev, next, writeOptionsFor(r));
  return true;
}

/** Before writing into `number`: priority 0, tries 0, successful 0, so GRUB never picks a half-written slot. */
export async function disableSlot(dev: BlockDevice, number: number): Promise<boolean> {
  const r = await readTable(dev);
  partitionOf(r.table, number);
  const next = {
    ...r.table,
    partitions: r.table.partitions.map((p) =>
      p.number === number
        ? { ...p, attributes: setPrio(p.attributes, { priority: 0, tries: 0, successful: false }) }
        : p,
    ),
  };
  return rewrite(dev, r, next);
}

/** Postinstall: the written slot gets successful=0, tries=1 and the highest priority (flatcar-postinst's cgpt add -S0 -T1, prioritize). */
export async function postinstall(dev: BlockDevice, number: number): Promise<boolean> {
  const r = await readTable(dev);
  partitionOf(r.table, number);
  return rewrite(dev, r, prepareSlot(r.table, number));
}

/** flatcar-setgoodroot: successful=1, tries=0, prioritize the booted slot. */
export async function markGood(dev: BlockDevice, number: number): Promise<boolean> {
  const r = await readTable(dev);
  partitionOf(r.table, number);
  return rewrite(dev, r, markSuccessful(r.table, number));
}

export function prioText(t: GptTable, number: number): string {
  const a = getPrio(partitionOf(t, number).attributes);
  return `P${a.priority} T${a.tries} S${a.successful ? 1 : 0}`;
}
