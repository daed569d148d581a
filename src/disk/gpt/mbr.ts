/** The protective MBR at LBA 0: one 0xEE partition covering the disk (capped at 2^32-1 sectors). */

export function encodeProtectiveMbr(sectorSize: number, totalSectors: bigint): Uint8Array {
  const s = new Uint8Array(sectorSize);
  const v = new DataView(s.buffer);
  const at = 446;
  s[at] = 0x00; // not bootable
  s[at + 1] = 0x00; s[at + 2] = 0x02; s[at + 3] = 0x00; // CHS of LBA 1
  s[at + 4] = 0xee;
  s[at + 5] = 0xff; s[at + 6] = 0xff; s[at + 7] = 0xff;
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
