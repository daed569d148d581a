/** A table rendered to the bytes of both copies (MBR, headers, entry arrays). */
import { crc32 } from '../../go/index.js';
import { encodeEntries } from './entries.js';
import { encodeHeader } from './header.js';
import { encodeProtectiveMbr } from './mbr.js';
import { entrySectors, type GptTable } from './types.js';

export interface TableBytes {
  readonly mbr: Uint8Array;
  readonly entries: Uint8Array;
  readonly primaryHeader: Uint8Array;
  readonly backupHeader: Uint8Array;
  readonly primaryEntriesLba: bigint;
  readonly backupEntriesLba: bigint;
  readonly backupHeaderLba: bigint;
}

export function encodeTable(t: GptTable): TableBytes {
  const raw = encodeEntries(t.partitions, t.entryCount, t.entrySize);
  const es = entrySectors(t.sectorSize, t.entryCount, t.entrySize);
  const entries = new Uint8Array(Number(es) * t.sectorSize);
  entries.set(raw);
  const entriesCrc = crc32(raw);
  const last = t.totalSectors - 1n;
  const backupEntriesLba = last - es;
  const common = {
    firstUsableLba: t.firstUsableLba,
    lastUsableLba: t.lastUsableLba,
    diskGuid: t.diskGuid,
    entryCount: t.entryCount,
    entrySize: t.entrySize,
    entriesCrc,
  };
  return {
    mbr: encodeProtectiveMbr(t.sectorSize, t.totalSectors),
    entries,
    primaryHeader: encodeHeader({ ...common, myLba: 1n, alternateLba: last, entriesLba: 2n }, t.sectorSize),
    backupHeader: encodeHeader(
      { ...common, myLba: last, alternateLba: 1n, entriesLba: backupEntriesLba },
      t.sectorSize,
    ),
    primaryEntriesLba: 2n,
    backupEntriesLba,
    backupHeaderLba: last,
  };
}
