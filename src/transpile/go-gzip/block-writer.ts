/**
 * Deflate blocks as Go's compress/flate writes them for levels 2–9
 * (huffman_bit_writer.go writeBlock): the tokens' frequencies give a dynamic
 * code; the block goes out as whichever of fixed, dynamic (only when
 * strictly smaller than fixed) and stored (only when its input is known, at
 * most 65535 bytes, and strictly smaller still) takes the fewest bits by
 * Go's own size accounting. The code-length code (codegen) is run-length
 * coded as Go does it, and its lengths are sent in RFC order, trimmed to at
 * least four.
 */
import type { BitSink } from './bit-sink.js';
import { fixedLiterals, fixedOffsets, HuffmanEncoder } from './huffman-code.js';
import {
  END_BLOCK,
  LENGTH_BASE,
  LENGTH_CODES_START,
  LENGTH_EXTRA_BITS,
  lengthCode,
  MATCH_TYPE,
  OFFSET_BASE,
  OFFSET_EXTRA_BITS,
  offsetCode,
  tokenLength,
  tokenOffset,
} from './tokens.js';

const MAX_NUM_LIT = 286;
const OFFSET_CODE_COUNT = 30;
const CODEGEN_CODE_COUNT = 19;
const MAX_STORE_BLOCK_SIZE = 65535;
const BAD_CODE = 255;
const CODEGEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A stored block's header: BFINAL, BTYPE 00, pad to a byte, LEN and NLEN. */
export function writeStoredHeader(out: BitSink, length: number, eof: boolean): void {
  out.writeBits(eof ? 1 : 0, 3);
  out.alignToByte();
  out.writeBits(length, 16);
  out.writeBits(~length & 0xffff, 16);
}

export class BlockWriter {
  private readonly literalFreq = new Int32Array(MAX_NUM_LIT);
  private readonly offsetFreq = new Int32Array(OFFSET_CODE_COUNT);
  private readonly codegenFreq = new Int32Array(CODEGEN_CODE_COUNT);
  /** Run-length coded code lengths, ending with BAD_CODE. */
  private readonly codegen = new Uint8Array(MAX_NUM_LIT + OFFSET_CODE_COUNT + 1);
  private readonly literalEncoding = new HuffmanEncoder(MAX_NUM_LIT);
  private readonly offsetEncoding = new HuffmanEncoder(OFFSET_CODE_COUNT);
  private readonly codegenEncoding = new HuffmanEncoder(CODEGEN_CODE_COUNT);

  constructor(private readonly out: BitSink) {}

  /**
   * Writes `tokens[0..count)` plus the end-of-block as one block, not final.
   * `tokens` must have room for one more entry. `input` is the bytes the
   * tokens stand for, or undefined when they are no longer in the window.
   */
  writeBlock(tokens: Uint32Array, count: number, input: Uint8Array | undefined): void {
    tokens[count] = END_BLOCK;
    const n = count + 1;
    const { numLiterals, numOffsets } = this.indexTokens(tokens, n);
    const storable = input !== undefined && input.length <= MAX_STORE_BLOCK_SIZE;
    const storedSize = storable ? (input.length + 5) * 8 : 0;
    let extraBits = 0;
    if (storable) {
      for (let c = LENGTH_CODES_START + 8; c < numLiterals; c++)
        extraBits += this.literalFreq[c]! * LENGTH_EXTRA_BITS[c - LENGTH_CODES_START]!;
      for (let c = 4; c < numOffsets; c++) extraBits += this.offsetFreq[c]! * OFFSET_EXTRA_BITS[c]!;
    }
    let size = 3 + fixedLiterals().bitLength(this.literalFreq) + fixedOffsets().bitLength(this.offsetFreq) + extraBits;
    let literals = fixedLiterals();
    let offsets = fixedOffsets();
    this.generateCodegen(numLiterals, numOffsets);
    this.codegenEncoding.generate(this.codegenFreq, 7);
    const { size: dynamicSize, numCodegens } = this.dynamicSize(extraBits);
    if (dynamicSize < size) {
      size = dynamicSize;
      literals = this.literalEncoding;
      offsets = this.offsetEncoding;
    }
    if (storable && storedSize < size) {
      writeStoredHeader(this.out, input.length, false);
      this.out.writeBytes(input);
      return;
    }
    if (literals === fixedLiterals()) this.out.writeBits(2, 3);
    else this.writeDynamicHeader(numLiterals, numOffsets, numCodegens);
    this.writeTokens(tokens, n, literals, offsets);
  }

  private indexTokens(tokens: Uint32Array, n: number): { numLiterals: number; numOffsets: number } {
    const lit = this.literalFreq;
    const off = this.offsetFreq;
    lit.fill(0);
    off.fill(0);
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (t < MATCH_TYPE) {
        lit[t]!++;
        continue;
      }
      lit[LENGTH_CODES_START + lengthCode(tokenLength(t))]!++;
      off[offsetCode(tokenOffset(t))]!++;
    }
    let numLiterals = lit.length;
    while (lit[numLiterals - 1] === 0) numLiterals--;
    let numOffsets = off.length;
    while (numOffsets > 0 && off[numOffsets - 1] === 0) numOffsets--;
    if (numOffsets === 0) {
      // One distance code is always sent; Go counts it as used once.
      off[0] = 1;
      numOffsets = 1;
    }
    this.literalEncoding.generate(lit, 15);
    this.offsetEncoding.generate(off, 15);
    return { numLiterals, numOffsets };
  }

  /** Run-length codes the literal and distance code lengths (symbols 16, 17, 18) and counts each symbol. */
  private generateCodegen(numLiterals: number, numOffsets: number): void {
    const freq = this.codegenFreq;
    freq.fill(0);
    const lengths = new Uint8Array(numLiterals + numOffsets + 1);
    lengths.set(this.literalEncoding.len.subarray(0, numLiterals), 0);
    lengths.set(this.offsetEncoding.len.subarray(0, numOffsets), numLiterals);
    lengths[numLiterals + numOffsets] = BAD_CODE;
    const out = this.codegen;
    let o = 0;
    let size = lengths[0]!;
    let count = 1;
    for (let i = 1; size !== BAD_CODE; i++) {
      const next = lengths[i]!;
      if (next === size) {
        count++;
        continue;
      }
      if (size !== 0) {
        out[o++] = size;
        freq[size]!++;
        count--;
        while (count >= 3) {
          const r = Math.min(6, count);
          out[o++] = 16;
          out[o++] = r - 3;
          freq[16]!++;
          count -= r;
        }
      } else {
        while (count >= 11) {
          const r = Math.min(138, count);
          out[o++] = 18;
          out[o++] = r - 11;
          freq[18]!++;
          count -= r;
        }
        if (count >= 3) {
          out[o++] = 17;
          out[o++] = count - 3;
          freq[17]!++;
          count = 0;
        }
      }
      for (; count > 0; count--) {
        out[o++] = size;
        freq[size]!++;
      }
      size = next;
      count = 1;
    }
    out[o] = BAD_CODE;
  }

  private dynamicSize(extraBits: number): { size: number; numCodegens: number } {
    const freq = this.codegenFreq;
    let numCodegens = freq.length;
    while (numCodegens > 4 && freq[CODEGEN_ORDER[numCodegens - 1]!] === 0) numCodegens--;
    const header =
      3 +
      5 +
      5 +
      4 +
      3 * numCodegens +
      this.codegenEncoding.bitLength(freq) +
      freq[16]! * 2 +
      freq[17]! * 3 +
      freq[18]! * 7;
    const size =
      header +
      this.literalEncoding.bitLength(this.literalFreq) +
      this.offsetEncoding.bitLength(this.offsetFreq) +
      extraBits;
    return { size, numCodegens };
  }

  private writeDynamicHeader(numLiterals: number, numOffsets: number, numCodegens: number): void {
    const out = this.out;
    out.writeBits(4, 3);
    out.writeBits(numLiterals - 257, 5);
    out.writeBits(numOffsets - 1, 5);
    out.writeBits(numCodegens - 4, 4);
    const enc = this.codegenEncoding;
    for (let i = 0; i < numCodegens; i++) out.writeBits(enc.len[CODEGEN_ORDER[i]!]!, 3);
    for (let i = 0; ; ) {
      const sym = this.codegen[i++]!;
      if (sym === BAD_CODE) break;
      out.writeBits(enc.code[sym]!, enc.len[sym]!);
      if (sym === 16) out.writeBits(this.codegen[i++]!, 2);
      else if (sym === 17) out.writeBits(this.codegen[i++]!, 3);
      else if (sym === 18) out.writeBits(this.codegen[i++]!, 7);
    }
  }

  private writeTokens(tokens: Uint32Array, n: number, literals: HuffmanEncoder, offsets: HuffmanEncoder): void {
    const out = this.out;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (t < MATCH_TYPE) {
        out.writeBits(literals.code[t]!, literals.len[t]!);
        continue;
      }
      const xlength = tokenLength(t);
      const lc = lengthCode(xlength);
      out.writeBits(literals.code[lc + LENGTH_CODES_START]!, literals.len[lc + LENGTH_CODES_START]!);
      const lextra = LENGTH_EXTRA_BITS[lc]!;
      if (lextra > 0) out.writeBits(xlength - LENGTH_BASE[lc]!, lextra);
      const xoffset = tokenOffset(t);
      const oc = offsetCode(xoffset);
      out.writeBits(offsets.code[oc]!, offsets.len[oc]!);
      const oextra = OFFSET_EXTRA_BITS[oc]!;
      if (oextra > 0) out.writeBits(xoffset - OFFSET_BASE[oc]!, oextra);
    }
  }
}
