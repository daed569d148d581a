/** The in-memory model of a GPT disk. LBAs and attributes are bigints so disks of any size work. */

export type SectorSize = 512 | 4096;

export interface GptPartition {
  /** 1-based partition number = entry index + 1. */
  readonly number: number;
  readonly typeGuid: string;
  readonly guid: string;
  readonly firstLba: bigint;
  readonly lastLba: bigint;
  /** The full 64-bit attribute field. */
  readonly attributes: bigint;
  /** UTF-16LE name, at most 36 code units. */
  readonly name: string;
}

export interface GptTable {
  readonly sectorSize: SectorSize;
  /** Number of logical sectors on the device. */
  readonly totalSectors: bigint;
  readonly diskGuid: string;
  readonly firstUsableLba: bigint;
  readonly lastUsableLba: bigint;
  readonly entryCount: number;
  readonly entrySize: number;
  /** Used entries only (type GUID not zero), sorted by number. */
  readonly partitions: readonly GptPartition[];
}

/** A decoded header (either copy). */
export interface GptHeader {
  readonly revision: number;
  readonly headerSize: number;
  readonly headerCrc: number;
  readonly myLba: bigint;
  readonly alternateLba: bigint;
  readonly firstUsableLba: bigint;
  readonly lastUsableLba: bigint;
  readonly diskGuid: string;
  readonly entriesLba: bigint;
  readonly entryCount: number;
  readonly entrySize: number;
  readonly entriesCrc: number;
}

export const GPT_SIGNATURE = 'EFI PART';
export const GPT_REVISION = 0x00010000;
export const GPT_HEADER_SIZE = 92;
export const DEFAULT_ENTRY_COUNT = 128;
export const DEFAULT_ENTRY_SIZE = 128;
export const NAME_UNITS = 36;

/** Sectors taken by an entry array. */
export function entrySectors(
  sectorSize: number,
  entryCount = DEFAULT_ENTRY_COUNT,
  entrySize = DEFAULT_ENTRY_SIZE,
): bigint {
  return BigInt(Math.ceil((entryCount * entrySize) / sectorSize));
}

/** Usable LBA range of a standard layout (entries right after the primary header, and right before the backup header). */
export function usableRange(sectorSize: number, totalSectors: bigint): { first: bigint; last: bigint } {
  const es = entrySectors(sectorSize);
  return { first: 2n + es, last: totalSectors - 2n - es };
}
