/**
 * Reading a GPT from a BlockDevice: both copies are checked, the good one is
 * used when the other is damaged (recovery), and disagreement between two
 * valid copies is reported.
 */
import { errorAt, warningAt, type Issue } from '../../core/index.js';
import type { BlockDevice } from '../block-device.js';
import { decodeEntries } from './entries.js';
import { hasSignature } from './header.js';
import { isProtectiveMbr } from './mbr.js';
import { encodeTable } from './table-bytes.js';
import type { GptHeader, GptTable, SectorSize } from './types.js';
import { checkEntriesCrc, checkHeader, checkPartitions, type Copy } from './validate.js';

export interface GptReadResult {
  /** The table in use (primary when valid, else backup); absent when neither copy is valid. */
  readonly table?: GptTable;
  readonly issues: readonly Issue[];
  readonly primaryOk: boolean;
  readonly backupOk: boolean;
  /** Which copy `table` came from. */
  readonly source?: Copy;
}

/** Guesses the logical sector size: the one whose LBA 1 (or last LBA) holds a GPT signature; 512 if none. */
export async function detectSectorSize(dev: BlockDevice): Promise<SectorSize> {
  for (const ss of [512, 4096] as const) {
    if (dev.size >= ss * 2 && hasSignature(await dev.read(ss, 8))) return ss;
  }
  for (const ss of [512, 4096] as const) {
    if (dev.size >= ss * 2 && dev.size % ss === 0 && hasSignature(await dev.read(dev.size - ss, 8))) return ss;
  }
  return 512;
}

interface CopyRead {
  readonly header?: GptHeader;
  /** The raw entry array (entryCount × entrySize bytes) when the copy is valid. */
  readonly entries?: Uint8Array;
  readonly issues: Issue[];
}

async function readCopy(
  dev: BlockDevice,
  copy: Copy,
  lba: bigint,
  totalSectors: bigint,
  ss: number,
): Promise<CopyRead> {
  const sector = await dev.read(Number(lba) * ss, ss);
  const { header, issues } = checkHeader(sector, copy, lba, totalSectors, ss);
  if (!header) return { issues };
  const entryBytes = header.entryCount * header.entrySize;
  const entriesEnd = Number(header.entriesLba) * ss + entryBytes;
  if (entriesEnd > dev.size)
    return {
      issues: [errorAt('DISK_HEADER_FIELDS', [copy, 'header'], `${copy} entry array runs past the end of the device`)],
    };
  const entries = await dev.read(Number(header.entriesLba) * ss, entryBytes);
  const crcIssues = checkEntriesCrc(entries, header, copy);
  if (crcIssues.length > 0) return { header, issues: crcIssues };
  return { header, entries, issues: [] };
}

function tableOf(c: CopyRead, totalSectors: bigint, ss: number): GptTable {
  const h = c.header!;
  return {
    sectorSize: ss as SectorSize,
    totalSectors,
    diskGuid: h.diskGuid,
    firstUsableLba: h.firstUsableLba,
    lastUsableLba: h.lastUsableLba,
    entryCount: h.entryCount,
    entrySize: h.entrySize,
    partitions: decodeEntries(c.entries!, h.entryCount, h.entrySize),
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Same table in both copies: same header fields and the same entries (byte for byte, or after decoding when only unused bytes differ). */
function sameCopies(p: CopyRead, b: CopyRead, totalSectors: bigint, ss: number): boolean {
  const hp = p.header!;
  const hb = b.header!;
  if (hp.diskGuid !== hb.diskGuid || hp.firstUsableLba !== hb.firstUsableLba || hp.lastUsableLba !== hb.lastUsableLba)
    return false;
  if (hp.entryCount === hb.entryCount && hp.entrySize === hb.entrySize && sameBytes(p.entries!, b.entries!))
    return true;
  return sameBytes(
    encodeTable(tableOf(p, totalSectors, ss)).entries,
    encodeTable(tableOf(b, totalSectors, ss)).entries,
  );
}

/**
 * Reads and checks both copies. Which copy is used:
 *   - both valid and equal, or only the primary valid: the primary;
 *   - only the backup valid: the backup (DISK_PRIMARY_DAMAGED);
 *   - both valid but different: the backup (DISK_COPIES_DISAGREE). Hull
 *     writes the backup first (write.ts), so after a write cut short between
 *     the two copies the backup holds the newer table and the primary the
 *     older one; repair rewrites the primary from the backup.
 */
export async function readGpt(dev: BlockDevice, sectorSize?: SectorSize): Promise<GptReadResult> {
  const ss = sectorSize ?? (await detectSectorSize(dev));
  const totalSectors = BigInt(Math.floor(dev.size / ss));
  const issues: Issue[] = [];
  if (totalSectors < 6n + 2n * BigInt(Math.ceil(16384 / ss))) {
    return {
      issues: [
        errorAt('DISK_TOO_SMALL', [], `device of ${dev.size} bytes is too small for a GPT with ${ss}-byte sectors`),
      ],
      primaryOk: false,
      backupOk: false,
    };
  }
  if (!isProtectiveMbr(await dev.read(0, ss)))
    issues.push(warningAt('DISK_MBR_MISSING', ['mbr'], 'LBA 0 holds no protective MBR'));

  const primary = await readCopy(dev, 'primary', 1n, totalSectors, ss);
  // The backup header is normally at the last LBA; a primary that survived says where it put it.
  const backupLba =
    primary.header && primary.header.alternateLba < totalSectors ? primary.header.alternateLba : totalSectors - 1n;
  let backup = await readCopy(dev, 'backup', backupLba, totalSectors, ss);
  if (!backup.entries && backupLba !== totalSectors - 1n)
    backup = await readCopy(dev, 'backup', totalSectors - 1n, totalSectors, ss);
  for (const i of primary.issues) issues.push(i);
  for (const i of backup.issues) issues.push(i);

  const primaryOk = primary.entries !== undefined;
  const backupOk = backup.entries !== undefined;
  let table: GptTable | undefined;
  let source: Copy | undefined;
  if (primaryOk && backupOk && !sameCopies(primary, backup, totalSectors, ss)) {
    table = tableOf(backup, totalSectors, ss);
    source = 'backup';
    issues.push(
      errorAt(
        'DISK_COPIES_DISAGREE',
        [],
        'the primary and backup GPT are both valid but differ (a write was cut short between the two copies); the backup, written first, is the newer table and is used (verify --repair rewrites the primary from it)',
      ),
    );
  } else if (primaryOk) {
    table = tableOf(primary, totalSectors, ss);
    source = 'primary';
    if (!backupOk)
      issues.push(
        warningAt(
          'DISK_BACKUP_DAMAGED',
          ['backup'],
          'the backup GPT is damaged; using the primary (verify --repair rewrites the backup)',
        ),
      );
  } else if (backupOk) {
    table = tableOf(backup, totalSectors, ss);
    source = 'backup';
    issues.push(
      warningAt(
        'DISK_PRIMARY_DAMAGED',
        ['primary'],
        'the primary GPT is damaged; using the backup (verify --repair rewrites the primary)',
      ),
    );
  } else {
    issues.push(errorAt('DISK_NO_VALID_GPT', [], 'neither the primary nor the backup GPT is valid'));
  }
  if (table) {
    const deviceLast = totalSectors - 1n;
    if (table.lastUsableLba >= deviceLast) {
      issues.push(
        errorAt(
          'DISK_TRUNCATED',
          [],
          `the GPT describes usable LBAs up to ${table.lastUsableLba} but the device ends at LBA ${deviceLast}`,
        ),
      );
    } else if (primary.header && primary.header.alternateLba < deviceLast) {
      issues.push(
        warningAt(
          'DISK_GROWN',
          [],
          `the backup GPT header is at LBA ${primary.header.alternateLba}, not at the last LBA ${deviceLast}`,
        ),
      );
    }
    const last = table.lastUsableLba < deviceLast ? table.lastUsableLba : deviceLast;
    for (const i of checkPartitions(table.partitions, table.firstUsableLba, last)) issues.push(i);
  }
  return table && source ? { table, source, issues, primaryOk, backupOk } : { issues, primaryOk, backupOk };
}
