/**
 * Raw deflate (RFC 1951) producing exactly the bytes of Go's
 * compress/flate at BestCompression (level 9: good 32, lazy 258, nice 258,
 * chain 4096), when all the data is written at once and then Close is
 * called — as Butane does. What makes the bytes Go's:
 *
 * - the matcher: a 64 KiB window slid by 32 KiB once the position passes
 *   64 KiB - 262; hash heads over 4-byte hashes (multiplicative, 17 bits),
 *   chains through the previous 32 KiB; lazy matching (a match is emitted
 *   only when the next position's is not longer); no match shorter than 4,
 *   and a 4-byte match only within 4096 bytes; chain walks cut at 4096 tries
 *   or on reaching 258;
 * - blocks of at most 16384 tokens, each written by `BlockWriter`, stored
 *   only while its bytes are still in the window;
 * - Close: the rest as one block, then an empty final stored block.
 *
 * Memory is bounded (window, 2^17 heads, 2^15 chain links, one token
 * buffer, shared by all calls: the function is synchronous) and each input
 * byte costs at most one bounded chain walk, so time is linear in the input.
 */
import { BitSink } from './bit-sink.js';
import { BlockWriter, writeStoredHeader } from './block-writer.js';
import { matchToken } from './tokens.js';

const WINDOW_SIZE = 1 << 15;
const WINDOW_MASK = WINDOW_SIZE - 1;
const MIN_MATCH_LENGTH = 4;
const MAX_MATCH_LENGTH = 258;
const BASE_MATCH_LENGTH = 3;
const BASE_MATCH_OFFSET = 1;
const MAX_FLATE_BLOCK_TOKENS = 1 << 14;
const HASH_BITS = 17;
const HASH_MASK = (1 << HASH_BITS) - 1;
const MAX_HASH_OFFSET = 1 << 24;
const HASH_MUL = 0x1e35a7bd;
const NO_BLOCK_START = 0x7fffffff;

// Level 9 of Go's levels table.
const GOOD = 32;
const LAZY = 258;
const NICE = 258;
const CHAIN = 4096;

const hash4 = (w: Uint8Array, i: number): number =>
  Math.imul(w[i + 3]! | (w[i + 2]! << 8) | (w[i + 1]! << 16) | (w[i]! << 24), HASH_MUL) >>> (32 - HASH_BITS);

/** The big tables, allocated once and reused (allocating them costs more than compressing a small file). */
interface Workspace {
  readonly window: Uint8Array;
  readonly hashHead: Uint32Array;
  readonly hashPrev: Uint32Array;
  readonly tokens: Uint32Array;
}

let shared: Workspace | undefined;

function workspace(): Workspace {
  if (shared === undefined) {
    // New arrays are zero already, and their pages cost nothing until written: a small input (one
    // `hull butane` call) touches a few of the 770 KB, not all.
    shared = {
      window: new Uint8Array(2 * WINDOW_SIZE),
      hashHead: new Uint32Array(1 << HASH_BITS),
      hashPrev: new Uint32Array(WINDOW_SIZE),
      tokens: new Uint32Array(MAX_FLATE_BLOCK_TOKENS + 1),
    };
    return shared;
  }
  // Only the hash tables are read before written; window bytes past windowEnd are never read.
  shared.hashHead.fill(0);
  shared.hashPrev.fill(0);
  return shared;
}

class Compressor {
  private readonly window: Uint8Array;
  private readonly hashHead: Uint32Array;
  private readonly hashPrev: Uint32Array;
  private readonly tokens: Uint32Array;
  private readonly blocks: BlockWriter;
  private ntokens = 0;
  private hashOffset = 1;
  private chainHead = -1;
  private index = 0;
  private windowEnd = 0;
  private blockStart = 0;
  private byteAvailable = false;
  private length = MIN_MATCH_LENGTH - 1;
  private offset = 0;
  private maxInsertIndex = 0;
  private matchLength = 0;
  private matchOffset = 0;

  constructor(
    private readonly out: BitSink,
    ws: Workspace,
  ) {
    ({ window: this.window, hashHead: this.hashHead, hashPrev: this.hashPrev, tokens: this.tokens } = ws);
    this.blocks = new BlockWriter(out);
  }

  write(data: Uint8Array): void {
    let off = 0;
    while (off < data.length) {
      this.step(false);
      off += this.fill(data, off);
    }
  }

  close(): void {
    this.step(true);
    writeStoredHeader(this.out, 0, true);
    this.out.alignToByte();
  }

  /** Copies as much of data[off..] as fits into the window, sliding it first when needed. */
  private fill(data: Uint8Array, off: number): number {
    if (this.index >= 2 * WINDOW_SIZE - (MIN_MATCH_LENGTH + MAX_MATCH_LENGTH)) {
      this.window.copyWithin(0, WINDOW_SIZE, 2 * WINDOW_SIZE);
      this.index -= WINDOW_SIZE;
      this.windowEnd -= WINDOW_SIZE;
      this.blockStart = this.blockStart >= WINDOW_SIZE ? this.blockStart - WINDOW_SIZE : NO_BLOCK_START;
      this.hashOffset += WINDOW_SIZE;
      if (this.hashOffset > MAX_HASH_OFFSET) this.rebaseHashes();
    }
    const n = Math.min(this.window.length - this.windowEnd, data.length - off);
    this.window.set(data.subarray(off, off + n), this.windowEnd);
    this.windowEnd += n;
    return n;
  }

  /** Keeps stored positions small: shifts every hash entry down so the offset is 1 again. */
  private rebaseHashes(): void {
    const delta = this.hashOffset - 1;
    this.hashOffset -= delta;
    this.chainHead -= delta;
    for (const table of [this.hashPrev, this.hashHead]) {
      for (let i = 0; i < table.length; i++) table[i] = table[i]! > delta ? table[i]! - delta : 0;
    }
  }

  private writeBlock(index: number): void {
    if (index <= 0) return;
    const input = this.blockStart <= index ? this.window.subarray(this.blockStart, index) : undefined;
    this.blockStart = index;
    this.blocks.writeBlock(this.tokens, this.ntokens, input);
  }

  private insertHash(i: number): void {
    const h = hash4(this.window, i) & HASH_MASK;
    this.hashPrev[i & WINDOW_MASK] = this.hashHead[h]!;
    this.hashHead[h] = i + this.hashOffset;
  }

  /** Turns window bytes into tokens (Go's deflate step with lazy matching); `sync` drains the window. */
  private step(sync: boolean): void {
    if (this.windowEnd - this.index < MIN_MATCH_LENGTH + MAX_MATCH_LENGTH && !sync) return;
    this.maxInsertIndex = this.windowEnd - (MIN_MATCH_LENGTH - 1);
    const window = this.window;
    for (;;) {
      const lookahead = this.windowEnd - this.index;
      if (lookahead < MIN_MATCH_LENGTH + MAX_MATCH_LENGTH) {
        if (!sync) break;
        if (lookahead === 0) {
          if (this.byteAvailable) {
            this.tokens[this.ntokens++] = window[this.index - 1]!;
            this.byteAvailable = false;
          }
          if (this.ntokens > 0) {
            this.writeBlock(this.index);
            this.ntokens = 0;
          }
          break;
        }
      }
      if (this.index < this.maxInsertIndex) {
        const h = hash4(window, this.index) & HASH_MASK;
        this.chainHead = this.hashHead[h]!;
        this.hashPrev[this.index & WINDOW_MASK] = this.chainHead;
        this.hashHead[h] = this.index + this.hashOffset;
      }
      const prevLength = this.length;
      const prevOffset = this.offset;
      this.length = MIN_MATCH_LENGTH - 1;
      this.offset = 0;
      const minIndex = Math.max(this.index - WINDOW_SIZE, 0);
      if (this.chainHead - this.hashOffset >= minIndex && lookahead > prevLength && prevLength < LAZY) {
        if (this.findMatch(this.index, this.chainHead - this.hashOffset, lookahead)) {
          this.length = this.matchLength;
          this.offset = this.matchOffset;
        }
      }
      if (prevLength >= MIN_MATCH_LENGTH && this.length <= prevLength) {
        this.tokens[this.ntokens++] = matchToken(prevLength - BASE_MATCH_LENGTH, prevOffset - BASE_MATCH_OFFSET);
        // The match began at index - 1; hash the positions it covers, up to its end.
        const newIndex = this.index + prevLength - 1;
        let i = this.index + 1;
        for (; i < newIndex; i++) if (i < this.maxInsertIndex) this.insertHash(i);
        this.index = i;
        this.byteAvailable = false;
        this.length = MIN_MATCH_LENGTH - 1;
        if (this.ntokens === MAX_FLATE_BLOCK_TOKENS) {
          this.writeBlock(this.index);
          this.ntokens = 0;
        }
      } else {
        if (this.byteAvailable) {
          const i = this.index - 1;
          this.tokens[this.ntokens++] = window[i]!;
          if (this.ntokens === MAX_FLATE_BLOCK_TOKENS) {
            this.writeBlock(i + 1);
            this.ntokens = 0;
          }
        }
        this.index++;
        this.byteAvailable = true;
      }
    }
  }

  /**
   * The longest match for `pos` along the hash chain from `prevHead`
   * (Go's findMatch with prevLength 3); sets matchLength/matchOffset and
   * says whether one was found.
   */
  private findMatch(pos: number, prevHead: number, lookahead: number): boolean {
    const win = this.window;
    const minMatchLook = Math.min(MAX_MATCH_LENGTH, lookahead);
    const nice = Math.min(minMatchLook, NICE);
    let tries = CHAIN;
    let length = MIN_MATCH_LENGTH - 1;
    if (length >= GOOD) tries >>= 2;
    let wEnd = win[pos + length]!;
    const minIndex = pos - WINDOW_SIZE;
    let found = false;
    for (let i = prevHead; tries > 0; tries--) {
      if (wEnd === win[i + length]) {
        let n = 0;
        while (n < minMatchLook && win[i + n] === win[pos + n]) n++;
        if (n > length && (n > MIN_MATCH_LENGTH || pos - i <= 4096)) {
          length = n;
          this.matchLength = n;
          this.matchOffset = pos - i;
          found = true;
          if (n >= nice) break;
          wEnd = win[pos + n]!;
        }
      }
      if (i === minIndex) break;
      i = this.hashPrev[i & WINDOW_MASK]! - this.hashOffset;
      if (i < minIndex || i < 0) break;
    }
    return found;
  }
}

/** Go's flate.NewWriter(w, flate.BestCompression), one Write of `data`, then Close. */
export function deflateBest(data: Uint8Array): Uint8Array {
  const out = new BitSink();
  const c = new Compressor(out, workspace());
  c.write(data);
  c.close();
  return out.bytes();
}
