/** The protective MBR at LBA 0: one 0xEE partition covering the disk (capped at 2^32-1 sectors). */
import { decodeGuid, encodeGuid } from './guid.js';

export function encodeProtectiveMbr(sectorSize: number, totalSectors: bigint): Uint8Array {
  const s = new Uint8Array(sectorSize);
  const v = new DataView(s.buffer);
  const at = 446;
  s[at] = 0x00; // not bootable
  s[at + 1] = 0x00;
  s[at + 2] = 0x02;
  s[at + 3] = 0x00; // CHS of LBA 1
  s[at + 4] = 0xee;
  s[at + 5] = 0xff;
  s[at + 6] = 0xff;
  s[at + 7] = 0xff;
  v.setUint32(at + 8, 1, true);
  const size = totalSectors - 1n > 0xffffffffn ? 0xffffffff : Number(totalSectors - 1n);
  v.setUint32(at + 12, size, true);
  s[510] = 0x55;
  s[511] = 0xaa;
  return s;
}

/** True when LBA 0 carries the boot signature and at least one 0xEE (GPT protective) record. */
export function isProtectiveMbr(sector: Uint8Array): boolean {
  if (sector.length < 512 || sector[510] !== 0x55 || sector[511] !== 0xaa) return false;
  for (let r = 0; r < 4; r++) if (sector[446 + r * 16 + 4] === 0xee) return true;
  return false;
}

/** Offsets in LBA 0 (the SYSLINUX gptmbr layout cgpt uses): boot code, the boot partition GUID, the records. */
export const MBR_BOOT_CODE_SIZE = 424;
export const MBR_BOOT_GUID_AT = 424;
const RECORDS_AT = 446;

/**
 * The LBA 0 to write with a table: the sector already there is kept — boot
 * code (a BIOS bootloader such as GRUB's boot.img lives there), boot GUID,
 * disk signature and a protective or hybrid record set — whenever it carries
 * an 0xEE record. Otherwise a fresh protective MBR, still keeping the first
 * 440 bytes (boot code and boot GUID). Rewriting LBA 0 blindly would make a
 * BIOS-booted disk unbootable after any table change.
 */
export function mbrForWrite(existing: Uint8Array, sectorSize: number, totalSectors: bigint): Uint8Array {
  if (isProtectiveMbr(existing) && existing.length === sectorSize) return existing;
  const fresh = encodeProtectiveMbr(sectorSize, totalSectors);
  fresh.set(existing.subarray(0, 440), 0);
  return fresh;
}

/** `cgpt boot -p`: a new legacy protective record set; boot code and boot GUID stay. */
export function withFreshProtectiveRecords(sector: Uint8Array, totalSectors: bigint): Uint8Array {
  const out = Uint8Array.from(sector);
  const fresh = encodeProtectiveMbr(sector.length, totalSectors);
  out.set(fresh.subarray(RECORDS_AT, 512), RECORDS_AT);
  out[444] = 0x1d; // cgpt's PMBR magic
  out[445] = 0x9a;
  return out;
}

/** `cgpt boot -b FILE`: up to 424 bytes of boot code; the rest of the sector stays. */
export function withBootCode(sector: Uint8Array, code: Uint8Array): Uint8Array {
  const out = Uint8Array.from(sector);
  out.set(code.subarray(0, MBR_BOOT_CODE_SIZE), 0);
  return out;
}

/** The boot partition's GUID in LBA 0 (`cgpt boot`), lowercase. */
export const bootGuidOf = (sector: Uint8Array): string => decodeGuid(sector, MBR_BOOT_GUID_AT);

/** `cgpt boot -i N`: the boot partition's GUID written into LBA 0; the rest stays. */
export function withBootGuid(sector: Uint8Array, guid: string): Uint8Array {
  const out = Uint8Array.from(sector);
  encodeGuid(guid, out, MBR_BOOT_GUID_AT);
  return out;
}
