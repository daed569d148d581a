/**
 * One partition entry added or changed (`cgpt add`): the edit names what to
 * set; a new entry needs its start, size and type; the result is checked as
 * any table is (inside the usable LBAs, no overlap). Pure: issues, never a
 * throw, and the table given is not changed.
 */
import { errorAt, type Issue } from '../../core/index.js';
import { withLegacyBootable, withTypeBits } from './attributes.js';
import { setPrio } from '../prio.js';
import { ZERO_GUID } from './guid.js';
import { withBootCode, withBootGuid, withFreshProtectiveRecords } from './mbr.js';
import type { GptPartition, GptTable } from './types.js';
import { checkPartitions } from './validate.js';

export interface PartitionEdit {
  /** The entry (1-based); without it, the first unused entry (a new partition). */
  readonly number?: number;
  readonly firstLba?: bigint;
  /** In sectors. */
  readonly sizeLba?: bigint;
  readonly typeGuid?: string;
  readonly guid?: string;
  readonly name?: string;
  readonly priority?: number;
  readonly tries?: number;
  readonly successful?: boolean;
  readonly legacyBootable?: boolean;
  /** Bits 48–63 as a whole (applied before priority, tries and successful). */
  readonly typeBits?: number;
}

export type EditResult =
  | { readonly ok: true; readonly table: GptTable; readonly partition: GptPartition }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** The most UTF-16 code units a GPT partition name holds (72 bytes). */
export const MAX_NAME_UNITS = 36;

/** An unused entry as cgpt shows it: all zeros. */
export const emptyEntry = (number: number): GptPartition => ({
  number,
  typeGuid: ZERO_GUID,
  guid: ZERO_GUID,
  firstLba: 0n,
  lastLba: 0n,
  attributes: 0n,
  name: '',
});

export function editPartition(t: GptTable, e: PartitionEdit, newGuid: () => string): EditResult {
  const fail = (code: string, message: string): EditResult => ({
    ok: false,
    issues: [errorAt(code, ['partitions', e.number ?? 0], message)],
  });
  if (e.number !== undefined && (e.number < 1 || e.number > t.entryCount))
    return fail(
      'DISK_PARTITION_NUMBER',
      `invalid partition number: ${e.number} (the table's entries are 1..${t.entryCount})`,
    );
  if (e.name !== undefined && e.name.length > MAX_NAME_UNITS)
    return fail(
      'DISK_PARTITION_NAME',
      `a partition name holds at most ${MAX_NAME_UNITS} UTF-16 code units, not ${e.name.length}`,
    );
  const existing = e.number !== undefined ? t.partitions.find((p) => p.number === e.number) : undefined;
  let p: GptPartition;
  if (existing !== undefined) {
    p = existing;
    if (e.firstLba !== undefined) p = { ...p, firstLba: e.firstLba, lastLba: e.firstLba + (p.lastLba - p.firstLba) };
    if (e.sizeLba !== undefined) p = { ...p, lastLba: p.firstLba + e.sizeLba - 1n };
    if (e.typeGuid !== undefined) p = { ...p, typeGuid: e.typeGuid };
  } else {
    if (e.firstLba === undefined || e.sizeLba === undefined || e.typeGuid === undefined) {
      return fail('DISK_PARTITION_INCOMPLETE', 'a new partition needs its start, its size and its type');
    }
    let number = e.number;
    if (number === undefined) {
      const used = new Set(t.partitions.map((x) => x.number));
      number = 1;
      while (used.has(number)) number++;
      if (number > t.entryCount) return fail('DISK_TABLE_FULL', `all ${t.entryCount} partition entries are in use`);
    }
    p = {
      number,
      typeGuid: e.typeGuid,
      guid: newGuid(),
      firstLba: e.firstLba,
      lastLba: e.firstLba + e.sizeLba - 1n,
      attributes: 0n,
      name: '',
    };
  }
  if (e.guid !== undefined) p = { ...p, guid: e.guid };
  if (e.name !== undefined) p = { ...p, name: e.name };
  let a = p.attributes;
  if (e.typeBits !== undefined) a = withTypeBits(a, e.typeBits);
  if (e.legacyBootable !== undefined) a = withLegacyBootable(a, e.legacyBootable);
  a = setPrio(a, {
    ...(e.successful !== undefined ? { successful: e.successful } : {}),
    ...(e.tries !== undefined ? { tries: e.tries } : {}),
    ...(e.priority !== undefined ? { priority: e.priority } : {}),
  });
  p = { ...p, attributes: a };
  const partitions = [...t.partitions.filter((x) => x.number !== p.number), p].sort((x, y) => x.number - y.number);
  const issues = checkPartitions(partitions, t.firstUsableLba, t.lastUsableLba);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, table: { ...t, partitions }, partition: p };
}

export interface BootSectorEdit {
  /** `cgpt boot -p`: a new legacy protective record set. */
  readonly freshRecords?: boolean;
  /** `cgpt boot -i N`: the partition whose GUID goes into LBA 0 (an unused entry writes zeros). */
  readonly bootPartition?: number;
  /** `cgpt boot -b FILE`: boot code (its first 424 bytes). */
  readonly code?: Uint8Array;
}

/** LBA 0 after a `cgpt boot` edit (the same array when nothing changes). Pure. */
export function editBootSector(
  sector: Uint8Array,
  t: GptTable,
  e: BootSectorEdit,
): { readonly ok: true; readonly sector: Uint8Array } | { readonly ok: false; readonly issues: readonly Issue[] } {
  let out = sector;
  if (e.freshRecords) out = withFreshProtectiveRecords(out, t.totalSectors);
  if (e.bootPartition !== undefined) {
    if (e.bootPartition < 1 || e.bootPartition > t.entryCount) {
      return {
        ok: false,
        issues: [
          errorAt(
            'DISK_PARTITION_NUMBER',
            ['partitions', e.bootPartition],
            `invalid partition number: ${e.bootPartition} (the table's entries are 1..${t.entryCount})`,
          ),
        ],
      };
    }
    out = withBootGuid(out, t.partitions.find((x) => x.number === e.bootPartition)?.guid ?? ZERO_GUID);
  }
  if (e.code !== undefined) out = withBootCode(out, e.code);
  return { ok: true, sector: out };
}
