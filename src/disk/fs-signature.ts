/**
 * Which filesystem a partition holds, from its signature, read through a
 * read function (a BlockDevice's): ext2/3/4 (magic 0xEF53 at 1024 + 56), xfs
 * ("XFSB" at 0), btrfs ("_BHRfS_M" at 64 KiB + 64), swap ("SWAPSPACE2" or
 * "SWAP-SPACE" 10 bytes before the end of the first page, 4 to 64 KiB pages)
 * and FAT (a boot sector ending 55 AA with "FAT12/16/32" at 54 or 82). Pure.
 */
export type FsSignature = 'ext4' | 'xfs' | 'btrfs' | 'swap' | 'vfat';

const ascii = (b: Uint8Array, at: number, text: string): boolean => {
  if (at + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

/** The signature found in the first 68 KiB of a partition (`offset`, `size` in bytes), if any. */
export async function detectFilesystem(
  read: (offset: number, length: number) => Promise<Uint8Array>,
  offset: number,
  size: number,
): Promise<FsSignature | undefined> {
  const b = await read(offset, Math.min(size, 68 * 1024));
  if (b.length > 1024 + 58 && b[1024 + 56] === 0x53 && b[1024 + 57] === 0xef) return 'ext4';
  if (ascii(b, 0, 'XFSB')) return 'xfs';
  if (ascii(b, 65536 + 64, '_BHRfS_M')) return 'btrfs';
  for (const page of [4096, 8192, 16384, 65536]) {
    if (ascii(b, page - 10, 'SWAPSPACE2') || ascii(b, page - 10, 'SWAP-SPACE')) return 'swap';
  }
  if (b[510] === 0x55 && b[511] === 0xaa && (ascii(b, 54, 'FAT1') || ascii(b, 82, 'FAT32'))) return 'vfat';
  return undefined;
}
