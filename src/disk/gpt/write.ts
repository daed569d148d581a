/**
 * Writing a GPT. Write order (see docs/disk.md):
 *
 *   1. backup entry array, 2. backup header, flush,
 *   3. primary entry array, 4. primary header, flush, 5. protective MBR, flush
 *      (only when LBA 0 holds none: an existing one keeps its boot code).
 *
 * A header is only valid if its entry array's CRC matches, and each header is
 * written after its own array. Until step 2 completes the old primary is
 * intact; from then on the new backup is intact until the primary is whole
 * again. So a write cut short at any point leaves at least one valid copy
 * (old or new), and reading recovers from it.
 *
 * When the backup is the *only* valid copy on disk (primary damaged), the
 * order is reversed (primary first) so the surviving copy is not the first
 * one overwritten.
 */
import type { BlockDevice } from '../block-device.js';
import { mbrForWrite } from './mbr.js';
import { encodeTable } from './table-bytes.js';
import type { GptTable } from './types.js';

export interface WriteOptions {
  /** Write the primary before the backup (use when only the backup is valid on disk). */
  readonly primaryFirst?: boolean;
}

export async function writeGpt(dev: BlockDevice, table: GptTable, opts: WriteOptions = {}): Promise<void> {
  const b = encodeTable(table);
  const ss = table.sectorSize;
  const at = (lba: bigint): number => Number(lba) * ss;
  const backup = async (): Promise<void> => {
    await dev.write(at(b.backupEntriesLba), b.entries);
    await dev.write(at(b.backupHeaderLba), b.backupHeader);
    await dev.flush();
  };
  const primary = async (): Promise<void> => {
    await dev.write(at(b.primaryEntriesLba), b.entries);
    await dev.write(at(1n), b.primaryHeader);
    await dev.flush();
  };
  if (opts.primaryFirst) {
    await primary();
    await backup();
  } else {
    await backup();
    await primary();
  }
  const old = await dev.read(0, ss);
  const mbr = mbrForWrite(old, ss, table.totalSectors);
  if (mbr !== old) {
    await dev.write(0, mbr);
    await dev.flush();
  }
}

/** The safe order for replacing the table that `source` was read from. */
export function writeOptionsFor(source: 'primary' | 'backup'): WriteOptions {
  return { primaryFirst: source === 'backup' };
}
