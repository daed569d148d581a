/**
 * Huffman codes as Go's compress/flate builds them (huffman_code.go), so the
 * code lengths, and with them every dynamic block, come out bit for bit the
 * same: symbols sorted by (frequency, symbol); at most two used symbols get
 * one-bit codes in symbol order; otherwise Go's own length-limited
 * construction (a package-merge variant walking levels with "needed"
 * counters, not zlib's tree-and-overflow repair) gives the number of codes of
 * each length, the most frequent symbols take the shortest codes, and inside
 * one length codes are handed out in symbol order (canonical codes, stored
 * bit-reversed for the LSB-first stream).
 */

const MAX_BITS_LIMIT = 16;
const MAX_INT32 = 0x7fffffff;

/** Reverses the low `length` bits of `value`. */
export function reverseBits(value: number, length: number): number {
  let r = 0;
  for (let i = 0; i < length; i++) {
    r = (r << 1) | (value & 1);
    value >>>= 1;
  }
  return r;
}

export class HuffmanEncoder {
  /** Code of each symbol, bit-reversed (ready to write LSB first). */
  readonly code: Uint16Array;
  /** Code length of each symbol; 0 for unused symbols. */
  readonly len: Uint8Array;

  constructor(size: number) {
    this.code = new Uint16Array(size);
    this.len = new Uint8Array(size);
  }

  /** Bits needed to write symbols with these frequencies. */
  bitLength(freq: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i]!;
      if (f !== 0) total += f * this.len[i]!;
    }
    return total;
  }

  /** Builds the codes for `freq` (one entry per symbol), no code longer than `maxBits`. */
  generate(freq: ArrayLike<number>, maxBits: number): void {
    // Used symbols sorted by (frequency, symbol), packed in one number each.
    const keys = new Float64Array(freq.length);
    let count = 0;
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i]!;
      if (f !== 0) keys[count++] = f * SYMBOL_SPAN + i;
      else this.len[i] = 0;
    }
    if (count <= 2) {
      for (let i = 0; i < count; i++) {
        const sym = keys[i]! % SYMBOL_SPAN;
        this.code[sym] = i;
        this.len[sym] = 1;
      }
      return;
    }
    const sorted = keys.subarray(0, count).sort();
    const counts = lengthCounts(sorted, maxBits);
    let code = 0;
    let end = count;
    for (let bits = 0; bits < counts.length; bits++) {
      code = (code << 1) & 0xffff;
      const n = counts[bits]!;
      if (bits === 0 || n === 0) continue;
      // The n most frequent symbols left take this length, in symbol order.
      const chunk = new Uint16Array(n);
      for (let j = 0; j < n; j++) chunk[j] = sorted[end - n + j]! % SYMBOL_SPAN;
      chunk.sort();
      for (let j = 0; j < n; j++) {
        const sym = chunk[j]!;
        this.code[sym] = reverseBits(code, bits);
        this.len[sym] = bits;
        code++;
      }
      end -= n;
    }
  }
}

/** Symbols are below 512; a key is frequency * 512 + symbol. */
const SYMBOL_SPAN = 512;

// lengthCounts' per-level state (index = level), reused between calls.
const lastFreq = new Float64Array(MAX_BITS_LIMIT + 1);
const nextCharFreq = new Float64Array(MAX_BITS_LIMIT + 1);
const nextPairFreq = new Float64Array(MAX_BITS_LIMIT + 1);
const needed = new Int32Array(MAX_BITS_LIMIT + 1);
/** leafCounts[level][j] at level * 17 + j. */
const leafCounts = new Int32Array((MAX_BITS_LIMIT + 1) * (MAX_BITS_LIMIT + 1));

/**
 * How many symbols get a code of each length (index = length, index 0
 * unused), for keys sorted by frequency (at least three). Go's
 * bitCounts: one chain per level, each tracking its last frequency, the
 * next leaf's and the next pair's, and how many more items it needs; a
 * level that takes a pair takes over the leaf counts of the level below.
 */
function lengthCounts(sorted: Float64Array, maxBitsWanted: number): Int32Array {
  const n = sorted.length;
  // Frequencies in order, then the sentinel (Go's maxNode) read past the end.
  const freqs = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) freqs[k] = Math.floor(sorted[k]! / SYMBOL_SPAN);
  freqs[n] = MAX_INT32;
  const freqAt = (k: number): number => freqs[k]!;
  const maxBits = Math.min(maxBitsWanted, n - 1);
  if (maxBits >= MAX_BITS_LIMIT) throw new Error('huffman: maxBits too large');
  const size = MAX_BITS_LIMIT + 1;
  lastFreq.fill(0);
  nextCharFreq.fill(0);
  nextPairFreq.fill(0);
  needed.fill(0);
  leafCounts.fill(0);
  for (let level = 1; level <= maxBits; level++) {
    lastFreq[level] = freqAt(1);
    nextCharFreq[level] = freqAt(2);
    nextPairFreq[level] = level === 1 ? MAX_INT32 : freqAt(0) + freqAt(1);
    leafCounts[level * size + level] = 2;
  }
  needed[maxBits] = 2 * n - 4;
  let level = maxBits;
  for (;;) {
    if (nextPairFreq[level] === MAX_INT32 && nextCharFreq[level] === MAX_INT32) {
      // This level has nothing left to take: the next one cannot pair from it.
      needed[level] = 0;
      nextPairFreq[level + 1] = MAX_INT32;
      level++;
      continue;
    }
    const prevFreq = lastFreq[level]!;
    if (nextCharFreq[level]! < nextPairFreq[level]!) {
      const k = leafCounts[level * size + level]! + 1;
      lastFreq[level] = nextCharFreq[level]!;
      leafCounts[level * size + level] = k;
      nextCharFreq[level] = freqAt(k);
    } else {
      lastFreq[level] = nextPairFreq[level]!;
      leafCounts.copyWithin(level * size, (level - 1) * size, (level - 1) * size + level);
      needed[level - 1] = 2;
    }
    needed[level]!--;
    if (needed[level] === 0) {
      if (level === maxBits) break;
      nextPairFreq[level + 1] = prevFreq + lastFreq[level]!;
      level++;
    } else {
      while (needed[level - 1]! > 0) level--;
    }
  }
  const top = maxBits * size;
  if (leafCounts[top + maxBits] !== n) throw new Error('huffman: leaf count mismatch');
  const counts = new Int32Array(maxBits + 1);
  let bits = 1;
  for (let l = maxBits; l > 0; l--) counts[bits++] = leafCounts[top + l]! - leafCounts[top + l - 1]!;
  return counts;
}

let fixedLiteralCode: HuffmanEncoder | undefined;
let fixedOffsetCode: HuffmanEncoder | undefined;

/** The fixed literal/length code of RFC 1951 §3.2.6 (286 symbols); one instance, made at first use. */
export const fixedLiterals = (): HuffmanEncoder => (fixedLiteralCode ??= makeFixedLiterals());

/** The fixed distance code: 30 five-bit codes; one instance, made at first use. */
export const fixedOffsets = (): HuffmanEncoder => (fixedOffsetCode ??= makeFixedOffsets());

function makeFixedLiterals(): HuffmanEncoder {
  const h = new HuffmanEncoder(286);
  for (let ch = 0; ch < 286; ch++) {
    let bits: number;
    let size: number;
    if (ch < 144) [bits, size] = [ch + 48, 8];
    else if (ch < 256) [bits, size] = [ch + 400 - 144, 9];
    else if (ch < 280) [bits, size] = [ch - 256, 7];
    else [bits, size] = [ch + 192 - 280, 8];
    h.code[ch] = reverseBits(bits, size);
    h.len[ch] = size;
  }
  return h;
}

function makeFixedOffsets(): HuffmanEncoder {
  const h = new HuffmanEncoder(30);
  for (let ch = 0; ch < 30; ch++) {
    h.code[ch] = reverseBits(ch, 5);
    h.len[ch] = 5;
  }
  return h;
}
