/**
 * The disks stage on an image: storage.disks[].partitions applied to the
 * image's GPT as Ignition (through sgdisk) does: wipeTable starts from an
 * empty table; shouldExist false deletes; an existing number must match what
 * the config says of it; a new partition starts at startMiB or the first free
 * 1 MiB-aligned sector, and sizeMiB 0 (or none) takes the rest of that free
 * space. Partition number 0 means the next free number.
 */
import { AppError } from '../core/index.js';
import { guidFromRandom, TYPE_GUIDS, type GptPartition, type GptTable } from '../disk/index.js';
import type { PartitionSpec } from './config-shape.js';

const MiB = 1024 * 1024;

export function applyPartitions(
  table: GptTable,
  disk: { wipeTable?: boolean | undefined; partitions?: PartitionSpec[] },
  random: (n: number) => Uint8Array,
): GptTable {
  const ss = BigInt(table.sectorSize);
  const align = BigInt(MiB) / ss;
  let parts: GptPartition[] = disk.wipeTable === true ? [] : [...table.partitions];
  const fail = (m: string) => new AppError('PROVISION_OPERATION_FAILED', m);
  for (const p of disk.partitions ?? []) {
    const number = p.number ?? 0;
    const existing = number > 0 ? parts.find((x) => x.number === number) : undefined;
    if (p.shouldExist === false) {
      parts = parts.filter((x) => x.number !== number);
      continue;
    }
    const start = p.startMiB ? (BigInt(p.startMiB) * BigInt(MiB)) / ss : undefined;
    const size = p.sizeMiB ? (BigInt(p.sizeMiB) * BigInt(MiB)) / ss : undefined;
    if (existing) {
      if (
        (start !== undefined && existing.firstLba !== start) ||
        (size !== undefined && existing.lastLba - existing.firstLba + 1n !== size)
      ) {
        throw fail(`partition ${number} exists but does not match the config (and wipeTable is false)`);
      }
      if (
        (p.label && p.label !== existing.name) ||
        (p.typeGuid && p.typeGuid.toLowerCase() !== existing.typeGuid) ||
        (p.guid && p.guid.toLowerCase() !== existing.guid)
      ) {
        throw fail(`partition ${number} exists with another label, type or GUID`);
      }
      continue;
    }
    const used = [...parts].sort((a, b) => Number(a.firstLba - b.firstLba));
    let first = start ?? ((table.firstUsableLba + align - 1n) / align) * align;
    if (start === undefined) {
      for (const u of used)
        if (first <= u.lastLba && first + (size ?? 1n) - 1n >= u.firstLba)
          first = ((u.lastLba + 1n + align - 1n) / align) * align;
    }
    const nextUsed = used.find((u) => u.firstLba >= first);
    const limit = nextUsed ? nextUsed.firstLba - 1n : table.lastUsableLba;
    const last = size !== undefined ? first + size - 1n : limit;
    if (first < table.firstUsableLba || last > limit || last < first)
      throw fail(`partition ${number || p.label || ''} does not fit on the disk`);
    let n = number;
    if (n === 0) for (n = 1; parts.some((x) => x.number === n); n++);
    parts.push({
      number: n,
      name: p.label ?? '',
      typeGuid: (p.typeGuid ?? TYPE_GUIDS.linuxData).toLowerCase(),
      guid: (p.guid ?? guidFromRandom(random(16))).toLowerCase(),
      firstLba: first,
      lastLba: last,
      attributes: 0n,
    });
  }
  return { ...table, partitions: parts.sort((a, b) => a.number - b.number) };
}
