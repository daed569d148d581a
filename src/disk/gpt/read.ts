/**
 * Reading a GPT from a BlockDevice: both copies are checked, the good one is
 * used when the other is damaged (recovery), and disagreement between two
 * valid copies is reported.
 */
import { pushAll, errorAt, warningAt, type Issue } from '../../core/index.js';
import type { BlockDevice } from '../block-device.js';
import { decodeEntries } from './entries.js';
import { hasSignature } from './header.js';
import { isProtectiveMbr } from './mbr.js';
import { encodeTable } from './table-bytes.js';
import { type GptHeader, type GptTable, type SectorSize } from './types.js';
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

async function readCopy(
  dev: BlockDevice,
  copy: Copy,
  lba: bigint,
  totalSectors: bigint,
  ss: number,
): Promise<{ header?: GptHeader; table?: GptTable; issues: Issue[] }> {
  const sector = await dev.read(Number(lba) * ss, ss);
  const { header, issues } = checkHeader(sector, copy, lba, totalSectors, ss);
  if (!header) return { issues };
  const entryBytes = header.entryCount * header.entrySize;
  const entriesEnd = Number(header.entriesLba) * ss + entryBytes;
  if (entriesEnd > dev.size) return { issues: [errorAt('DISK_HEADER_FIELDS', [copy, 'header'], `${copy} entry array runs past the end of the device`)] };
  const entries = await dev.read(Number(header.entriesLba) * ss, entryBytes);
  const crcIssues = checkEntriesCrc(entries, header, copy);
  if (crcIssues.length > 0) return { header, issues: crcIssues };
  const table: GptTable = {
    sectorSize: ss as SectorSize,
    totalSectors,
    diskGuid: header.diskGuid,
    firstUsableLba: header.firstUsableLba,
    lastUsableLba: header.lastUsableLba,
    entryCount: header.entryCount,
    entrySize: header.entrySize,
    partitions: decodeEntries(entries, header.entryCount, header.entrySize),
  };
  return { header, table, issues: [] };
}

function sameTable(a: GptTable, b: GptTable): boolean {
  const ea = encodeTable(a);
  const eb = encodeTable(b);
  if (ea.entries.length !== eb.entries.length) return false;
  for (let i = 0; i < ea.entries.length; i++) if (ea.entries[i] !== eb.entries[i]) return false;
  return a.diskGuid === b.diskGuid && a.firstUsableLba === b.firstUsableLba && a.lastUsableLba === b.lastUsableLba;
}

export async function readGpt(dev: BlockDevice, sectorSize?: SectorSize): Promise<GptReadResult> {
  const ss = sectorSize ?? (await detectSectorSize(dev));
  const totalSectors = BigInt(Math.floor(dev.size / ss));
  const issues: Issue[] = [];
  if (totalSectors < 6n + 2n * BigInt(Math.ceil(16384 / ss))) {
    return { issues: [errorAt('DISK_TOO_SMALL', [], `device of ${dev.size} bytes is too small for a GPT with ${ss}-byte sectors`)], primaryOk: false, backupOk: false };
  }
  if (!isProtectiveMbr(await dev.read(0, ss))) issues.push(warningAt('DISK_MBR_MISSING', ['mbr'], 'LBA 0 holds no protective MBR'));

  const primary = await readCopy(dev, 'primary', 1n, totalSectors, ss);
  // The backup header is normally at the last LBA; a primary that survived says where it put it.
  const backupLba = primary.header && primary.header.alternateLba < totalSectors ? primary.header.alternateLba : totalSectors - 1n;
  let backup = await readCopy(dev, 'backup', backupLba, totalSectors, ss);
  if (!backup.table && backupLba !== totalSectors - 1n) backup = await readCopy(dev, 'backup', totalSectors - 1n, totalSectors, ss);
  pushAll(pushAll(issues, primary.issues), backup.issues);

  const primaryOk = primary.table !== undefined;
  const backupOk = backup.table !== undefined;
  let table: GptTable | undefined;
  let source: Copy | undefined;
  if (primaryOk) {
    table = primary.table;
    source = 'primary';
    if (!backupOk) issues.push(warningAt('DISK_BACKUP_DAMAGED', ['backup'], 'the backup GPT is damaged; using the primary (verify --repair rewrites the backup)'));
    else if (!sameTable(primary.table!, backup.table!)) issues.push(errorAt('DISK_COPIES_DISAGREE', [], 'the primary and backup GPT are both valid but differ; the primary is used'));
  } else if (backupOk) {
    table = backup.table;
    source = 'backup';
    issues.push(warningAt('DISK_PRIMARY_DAMAGED', ['primary'], 'the primary GPT is damaged; using the backup (verify --repair rewrites the primary)'));
  } else {
    issues.push(errorAt('DISK_NO_VALID_GPT', [], 'neither the primary nor the backup GPT is valid'));
  }
  if (table) {
    const deviceLast = totalSectors - 1n;
    if (table.lastUsableLba >= deviceLast) {
      issues.push(errorAt('DISK_TRUNCATED', [], `the GPT describes usable LBAs up to ${table.lastUsableLba} but the device ends at LBA ${deviceLast}`));
    } else if (primary.header && primary.header.alternateLba < deviceLast) {
      issues.push(warningAt('DISK_GROWN', [], `the backup GPT header is at LBA ${primary.header.alternateLba}, not at the last LBA ${deviceLast}`));
    }
    const last = table.lastUsableLba < deviceLast ? table.lastUsableLba : deviceLast;
    pushAll(issues, checkPartitions(table.partitions, table.firstUsableLba, last));
  }
  return table && source ? { table, source, issues, primaryOk, backupOk } : { issues, primaryOk, backupOk };
}
