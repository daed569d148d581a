/**
 * Deflate tokens as Go's compress/flate packs them in a uint32: a literal is
 * its byte (or 256, the end of block); a match is 1<<30 | (length-3)<<22 |
 * (distance-1). Plus the length and distance symbol tables of RFC 1951
 * §3.2.5, computed from their base values.
 */

export const MATCH_TYPE = 1 << 30;
const LENGTH_SHIFT = 22;
const OFFSET_MASK = (1 << LENGTH_SHIFT) - 1;

export const END_BLOCK = 256;
export const LENGTH_CODES_START = 257;

export const matchToken = (xlength: number, xoffset: number): number =>
  MATCH_TYPE + (xlength << LENGTH_SHIFT) + xoffset;
/** length - 3 of a match token. */
export const tokenLength = (t: number): number => (t - MATCH_TYPE) >>> LENGTH_SHIFT;
/** distance - 1 of a match token. */
export const tokenOffset = (t: number): number => t & OFFSET_MASK;

/** Extra bits of length symbols 257…285. */
export const LENGTH_EXTRA_BITS = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/** length - 3 at the start of each length symbol's range. */
export const LENGTH_BASE = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255,
];
/** Extra bits of distance symbols 0…29. */
export const OFFSET_EXTRA_BITS = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** distance - 1 at the start of each distance symbol's range. */
export const OFFSET_BASE = OFFSET_EXTRA_BITS.map((_, i) => (i < 4 ? i : (2 + (i & 1)) << ((i >> 1) - 1)));

// The two lookup tables are made at the first compression, not at load (the distance table is 32 768 entries
// filled one by one: a `hull butane` call that compresses nothing should not pay for it).

/** Length symbol index (0…28) of each length - 3 (0…255). */
function makeLengthCode(): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < LENGTH_BASE.length; c++) {
    const end = c + 1 < LENGTH_BASE.length ? LENGTH_BASE[c + 1]! : 256;
    for (let x = LENGTH_BASE[c]!; x < end; x++) t[x] = c;
  }
  return t;
}

/** Distance symbol of each distance - 1 below 32768. */
function makeOffsetCode(): Uint8Array {
  const t = new Uint8Array(32768);
  for (let c = 0; c < 30; c++) {
    const end = c + 1 < 30 ? OFFSET_BASE[c + 1]! : 32768;
    for (let x = OFFSET_BASE[c]!; x < end; x++) t[x] = c;
  }
  return t;
}

let lengthTable: Uint8Array | undefined;
let offsetTable: Uint8Array | undefined;
export const lengthCode = (xlength: number): number => (lengthTable ??= makeLengthCode())[xlength]!;
export const offsetCode = (xoffset: number): number => (offsetTable ??= makeOffsetCode())[xoffset]!;
