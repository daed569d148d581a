/** Validation of one GPT copy (header + entry array) and of a decoded table. */
import { errorAt, type Issue, type JsonPath } from '../../core/index.js';
import { crc32 } from '../../go/index.js';
import { computeHeaderCrc, decodeHeader, hasSignature } from './header.js';
import { GPT_HEADER_SIZE, type GptHeader, type GptPartition } from './types.js';

export type Copy = 'primary' | 'backup';

/** Checks a header sector in isolation (signature, CRC, field ranges). Returns the header when usable. */
export function checkHeader(
  sector: Uint8Array,
  copy: Copy,
  expectedLba: bigint,
  totalSectors: bigint,
  sectorSize: number,
): { header?: GptHeader; issues: Issue[] } {
  const path: JsonPath = [copy, 'header'];
  if (!hasSignature(sector))
    return {
      issues: [
        errorAt('DISK_HEADER_SIGNATURE', path, `${copy} GPT header at LBA ${expectedLba} has no "EFI PART" signature`),
      ],
    };
  const h = decodeHeader(sector);
  if (h.headerSize < GPT_HEADER_SIZE || h.headerSize > sectorSize) {
    return {
      issues: [
        errorAt(
          'DISK_HEADER_FIELDS',
          path,
          `${copy} GPT header size ${h.headerSize} is outside ${GPT_HEADER_SIZE}..${sectorSize}`,
        ),
      ],
    };
  }
  const crc = computeHeaderCrc(sector, h.headerSize);
  if (crc !== h.headerCrc) {
    return {
      issues: [
        errorAt(
          'DISK_HEADER_CRC',
          path,
          `${copy} GPT header CRC32 is 0x${h.headerCrc.toString(16)}, contents give 0x${crc.toString(16)}`,
        ),
      ],
    };
  }
  const bad: string[] = [];
  if (h.revision >>> 16 !== 1) bad.push(`revision 0x${h.revision.toString(16)}`);
  if (h.myLba !== expectedLba) bad.push(`my LBA ${h.myLba} (expected ${expectedLba})`);
  if (h.entrySize < 128 || h.entrySize % 8 !== 0 || h.entrySize > 4096) bad.push(`entry size ${h.entrySize}`);
  if (h.entryCount < 1 || h.entryCount * h.entrySize > 16 * 1024 * 1024) bad.push(`entry count ${h.entryCount}`);
  if (h.firstUsableLba > h.lastUsableLba) bad.push(`usable LBAs ${h.firstUsableLba}..${h.lastUsableLba}`);
  if (h.entriesLba < 2n || h.entriesLba >= totalSectors) bad.push(`entries LBA ${h.entriesLba}`);
  if (bad.length > 0)
    return { issues: [errorAt('DISK_HEADER_FIELDS', path, `${copy} GPT header has bad fields: ${bad.join(', ')}`)] };
  return { header: h, issues: [] };
}

export function checkEntriesCrc(entries: Uint8Array, h: GptHeader, copy: Copy): Issue[] {
  const crc = crc32(entries, 0, h.entryCount * h.entrySize);
  return crc === h.entriesCrc
    ? []
    : [
        errorAt(
          'DISK_ENTRIES_CRC',
          [copy, 'entries'],
          `${copy} partition entry array CRC32 is 0x${crc.toString(16)}, header says 0x${h.entriesCrc.toString(16)}`,
        ),
      ];
}

/** Partition-level checks: inverted ranges, entries outside the usable LBAs, overlaps. */
export function checkPartitions(parts: readonly GptPartition[], firstUsable: bigint, lastUsable: bigint): Issue[] {
  const issues: Issue[] = [];
  for (const p of parts) {
    const path: JsonPath = ['partitions', p.number];
    if (p.lastLba < p.firstLba)
      issues.push(
        errorAt(
          'DISK_PARTITION_INVERTED',
          path,
          `partition ${p.number} ends (LBA ${p.lastLba}) before it starts (LBA ${p.firstLba})`,
        ),
      );
    else if (p.firstLba < firstUsable || p.lastLba > lastUsable) {
      issues.push(
        errorAt(
          'DISK_PARTITION_OUTSIDE',
          path,
          `partition ${p.number} (LBAs ${p.firstLba}..${p.lastLba}) lies outside the usable LBAs ${firstUsable}..${lastUsable}`,
        ),
      );
    }
  }
  const sorted = parts
    .filter((p) => p.lastLba >= p.firstLba)
    .sort((a, b) => (a.firstLba < b.firstLba ? -1 : a.firstLba > b.firstLba ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (b.firstLba <= a.lastLba) {
      issues.push(
        errorAt(
          'DISK_PARTITION_OVERLAP',
          ['partitions', b.number],
          `partitions ${a.number} (${a.firstLba}..${a.lastLba}) and ${b.number} (${b.firstLba}..${b.lastLba}) overlap`,
        ),
      );
    }
  }
  return issues;
}
