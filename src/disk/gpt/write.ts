/**
 * Writing a GPT. Write order (see docs/disk.md, "Write order"):
 *
 *   1. backup entry array, 2. backup header, flush,
 *   3. primary entry array, 4. primary header, flush, 5. protective MBR, flush
 *      (only when LBA 0 holds none: an existing one keeps its boot code).
 *
 * A copy is only valid if its header CRC and its entry-array CRC match, and
 * each header is written after its own array. Until step 2 completes the old
 * primary is intact; from then on the new backup is intact until the primary
 * is whole again. So a write cut short at any point leaves at least one valid
 * copy (old or new), and when both are valid but differ the backup is the
 * newer one: reading uses it and repair copies it over the primary.
 *
 * That rule must hold for every write, so when the disk's table lives only in
 * the backup (the primary is damaged, or older than the backup) that table is
 * first copied over the primary (step 0, `current`): then both copies are
 * valid and equal before step 1 overwrites the backup.
 */
import type { BlockDevice } from '../block-device.js';
import { mbrForWrite } from './mbr.js';
import { encodeTable, type TableBytes } from './table-bytes.js';
import type { GptTable } from './types.js';

export interface WriteOptions {
  /**
   * The table the disk holds now, when only its backup copy holds it (the
   * primary is damaged or older): it is copied over the primary first, so the
   * backup is never overwritten while it is the only copy of that table.
   */
  readonly current?: GptTable;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const sameTableBytes = (a: TableBytes, b: TableBytes): boolean =>
  sameBytes(a.primaryHeader, b.primaryHeader) &&
  sameBytes(a.backupHeader, b.backupHeader) &&
  sameBytes(a.entries, b.entries);

export async function writeGpt(dev: BlockDevice, table: GptTable, opts: WriteOptions = {}): Promise<void> {
  const b = encodeTable(table);
  const ss = table.sectorSize;
  const at = (lba: bigint): number => Number(lba) * ss;
  const backup = async (x: TableBytes): Promise<void> => {
    await dev.write(at(x.backupEntriesLba), x.entries);
    await dev.write(at(x.backupHeaderLba), x.backupHeader);
    await dev.flush();
  };
  const primary = async (x: TableBytes): Promise<void> => {
    await dev.write(at(x.primaryEntriesLba), x.entries);
    await dev.write(at(1n), x.primaryHeader);
    await dev.flush();
  };
  if (opts.current) {
    const c = opts.current === table ? b : encodeTable(opts.current);
    await primary(c);
    if (sameTableBytes(c, b))
      await backup(b); // a repair: the backup already holds this table (rewritten in place, or moved to the end)
    else {
      await backup(b);
      await primary(b);
    }
  } else {
    await backup(b);
    await primary(b);
  }
  const old = await dev.read(0, ss);
  const mbr = mbrForWrite(old, ss, table.totalSectors);
  if (mbr !== old) {
    await dev.write(0, mbr);
    await dev.flush();
  }
}

/** The safe way to replace the table that was read from `r.source` (see WriteOptions.current). */
export function writeOptionsFor(r: { readonly table: GptTable; readonly source: 'primary' | 'backup' }): WriteOptions {
  return r.source === 'backup' ? { current: r.table } : {};
}

/** LBA 0 replaced by `sector` (`cgpt boot`), flushed; nothing is written when it is `old` (unchanged). */
export async function writeBootSector(dev: BlockDevice, old: Uint8Array, sector: Uint8Array): Promise<void> {
  if (sector === old) return;
  await dev.write(0, sector);
  await dev.flush();
}
