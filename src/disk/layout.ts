/**
 * The Container Linux / Flatcar disk layout (specs/update.md §4.3): numbers
 * 1,2,3,4,6,7,9; 5 and 8 left empty; ROOT fills the rest of the disk.
 * Sizes are in bytes and converted to sectors; starts aligned to 2 MiB.
 */
import { guidFromRandom } from './gpt/guid.js';
import {
  DEFAULT_ENTRY_COUNT,
  DEFAULT_ENTRY_SIZE,
  usableRange,
  type GptPartition,
  type GptTable,
  type SectorSize,
} from './gpt/types.js';
import { setPrio } from './prio.js';
import { TYPE_GUIDS } from './gpt/type-guids.js';

export const USR_A_GUID = '7130c94a-213a-4e5a-8e26-6cce9662f132';
export const USR_B_GUID = 'e03dd35c-7c2d-4a47-b3fe-27f15780a57c';
export const INITIAL_DISK_GUID = '00000000-0000-0000-0000-000000000001';

const MiB = 1024 * 1024;

export interface FlatcarSizes {
  readonly efi: number;
  readonly biosBoot: number;
  readonly usr: number;
  readonly oem: number;
  readonly oemConfig: number;
  /** Minimum size of ROOT; it grows to fill the disk. */
  readonly rootMin: number;
}

export const FLATCAR_SIZES: FlatcarSizes = {
  efi: 1024 * MiB,
  biosBoot: 2 * MiB,
  usr: 2048 * MiB,
  oem: 1024 * MiB,
  oemConfig: 64 * MiB,
  rootMin: 3653632 * 512,
};

export interface LayoutOptions {
  readonly sizeBytes: number;
  readonly sectorSize?: SectorSize;
  readonly sizes?: Partial<FlatcarSizes>;
  /** 16 random bytes per random GUID needed (4 of them: EFI, BIOS, OEM, OEM-CONFIG, ROOT → 5); engines do no IO. */
  readonly random: (n: number) => Uint8Array;
  readonly diskGuid?: string;
}

export type LayoutResult = { ok: true; table: GptTable } | { ok: false; reason: string };

export function flatcarLayout(opts: LayoutOptions): LayoutResult {
  const ss = opts.sectorSize ?? 512;
  const sizes = { ...FLATCAR_SIZES, ...opts.sizes };
  const totalSectors = BigInt(Math.floor(opts.sizeBytes / ss));
  const { first, last } = usableRange(ss, totalSectors);
  const align = BigInt((2 * MiB) / ss);
  const up = (n: bigint): bigint => ((n + align - 1n) / align) * align;
  const sectors = (bytes: number): bigint => BigInt(Math.ceil(bytes / ss));
  const parts: GptPartition[] = [];
  let next = up(first);
  const rnd = (): string => guidFromRandom(opts.random(16));
  const add = (number: number, name: string, typeGuid: string, bytes: number, guid: string, attributes = 0n): void => {
    const start = up(next);
    const end = start + sectors(bytes) - 1n;
    parts.push({ number, name, typeGuid, guid, firstLba: start, lastLba: end, attributes });
    next = end + 1n;
  };
  add(1, 'EFI-SYSTEM', TYPE_GUIDS.efi, sizes.efi, rnd());
  add(2, 'BIOS-BOOT', TYPE_GUIDS.biosBoot, sizes.biosBoot, rnd());
  add(3, 'USR-A', TYPE_GUIDS.usr, sizes.usr, USR_A_GUID, setPrio(0n, { priority: 1, successful: true }));
  add(4, 'USR-B', TYPE_GUIDS.usr, sizes.usr, USR_B_GUID);
  add(6, 'OEM', TYPE_GUIDS.linuxData, sizes.oem, rnd());
  add(7, 'OEM-CONFIG', TYPE_GUIDS.reserved, sizes.oemConfig, rnd());
  const rootStart = up(next);
  const rootEnd = last;
  if (rootEnd - rootStart + 1n < sectors(sizes.rootMin)) {
    const need = (rootStart + sectors(sizes.rootMin) + (last === 0n ? 0n : totalSectors - last)) * BigInt(ss);
    return {
      ok: false,
      reason: `disk of ${opts.sizeBytes} bytes is too small for the Flatcar layout (needs at least ${need} bytes)`,
    };
  }
  parts.push({
    number: 9,
    name: 'ROOT',
    typeGuid: TYPE_GUIDS.resize,
    guid: rnd(),
    firstLba: rootStart,
    lastLba: rootEnd,
    attributes: 0n,
  });
  return {
    ok: true,
    table: {
      sectorSize: ss,
      totalSectors,
      diskGuid: opts.diskGuid ?? INITIAL_DISK_GUID,
      firstUsableLba: first,
      lastUsableLba: last,
      entryCount: DEFAULT_ENTRY_COUNT,
      entrySize: DEFAULT_ENTRY_SIZE,
      partitions: parts,
    },
  };
}
