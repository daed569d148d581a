/**
 * The named bits of a GPT entry's 64-bit attributes (UEFI 2.x, table 5.6):
 * bit 2 "legacy BIOS bootable", and bits 48–63, whose meaning the partition
 * type decides (gptprio's priority, tries and successful for the /usr slots,
 * prio.ts). Pure.
 */

/** Bit 2: a legacy BIOS may boot this partition (`cgpt add -B`). */
export const LEGACY_BIOS_BOOTABLE = 1n << 2n;

const TYPE_BITS_SHIFT = 48n;
const LOW_BITS = (1n << TYPE_BITS_SHIFT) - 1n;

export const isLegacyBootable = (attributes: bigint): boolean => (attributes & LEGACY_BIOS_BOOTABLE) !== 0n;

export const withLegacyBootable = (attributes: bigint, on: boolean): bigint =>
  on ? attributes | LEGACY_BIOS_BOOTABLE : attributes & ~LEGACY_BIOS_BOOTABLE;

/** Bits 48–63, the type-specific field (`cgpt show -A`), as a number 0..0xffff. */
export const typeBits = (attributes: bigint): number => Number(attributes >> TYPE_BITS_SHIFT);

/** The attributes with bits 48–63 replaced by `bits` (0..0xffff; `cgpt add -A`). */
export const withTypeBits = (attributes: bigint, bits: number): bigint =>
  (attributes & LOW_BITS) | (BigInt(bits & 0xffff) << TYPE_BITS_SHIFT);
