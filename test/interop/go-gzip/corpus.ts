/**
 * Inputs for comparing Hull's gzip with Go's compress/gzip at
 * BestCompression: each made by a seeded generator (xorshift32), so the
 * recorded digests in test/fixtures/go-gzip/recorded.json stay valid
 * without storing megabytes. Chosen to reach every path of Go's deflater:
 * empty and tiny inputs (no block, one fixed block), text and repetitive
 * data (dynamic blocks), random data (stored blocks, and Huffman blocks
 * where a block's bytes have left the window), sizes around the 16384-token
 * block limit and the 64 KiB window, long runs (258-byte matches), matches
 * at distances 4096/4097 (4-byte matches allowed only up to 4096) and at
 * the window's edge (32768), and an input past 16 MiB (the hash positions
 * are rebased).
 */

export interface CorpusInput {
  readonly name: string;
  readonly make: () => Uint8Array;
}

/** A deterministic byte source (xorshift32). */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export function randomBytes(n: number, seed: number): Uint8Array {
  const next = prng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() & 0xff;
  return out;
}

const WORDS =
  'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part'.split(
    ' ',
  );

/** Word salad with lines and some YAML-ish punctuation, like the files Butane configs carry. */
export function text(n: number, seed: number, vocabulary = WORDS.length): Uint8Array {
  const next = prng(seed);
  let s = '';
  while (s.length < n) {
    const r = next();
    s += WORDS[r % vocabulary]!;
    s += r % 11 === 0 ? '\n' : r % 17 === 0 ? ': ' : ' ';
  }
  return new TextEncoder().encode(s.slice(0, n));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const fill = (n: number, byte: number): Uint8Array => new Uint8Array(n).fill(byte);

/** `block` repeated after `gap` random bytes, so its second copy lies exactly `block.length + gap` back. */
function repeatAt(distance: number, blockLength: number, seed: number): Uint8Array {
  const block = randomBytes(blockLength, seed);
  return concat([block, randomBytes(distance - blockLength, seed + 1), block, randomBytes(500, seed + 2)]);
}

/** Four-byte repeats at a given distance: only Go's 4096 rule decides whether they are matches. */
function fourByteRepeats(distance: number, seed: number): Uint8Array {
  const next = prng(seed);
  const out = randomBytes(distance * 3, seed);
  for (let i = 0; i + distance + 4 < out.length; i += 97) {
    const v = next();
    for (let k = 0; k < 4; k++) out[i + k] = out[i + distance + k] = (v >>> (8 * k)) & 0xff;
  }
  return out;
}

export const CORPUS: readonly CorpusInput[] = [
  { name: 'empty', make: () => new Uint8Array(0) },
  { name: 'one-byte', make: () => new Uint8Array([0x61]) },
  { name: 'two-bytes', make: () => new Uint8Array([0, 255]) },
  { name: 'four-bytes', make: () => new TextEncoder().encode('abab') },
  { name: 'hello', make: () => new TextEncoder().encode('hello, world\n') },
  { name: 'text-300', make: () => text(300, 1) },
  { name: 'text-4k', make: () => text(4000, 2) },
  { name: 'text-100k', make: () => text(100_000, 3) },
  { name: 'text-1m', make: () => text(1 << 20, 4) },
  { name: 'text-few-words-200k', make: () => text(200_000, 5, 4) },
  { name: 'random-1', make: () => randomBytes(1, 6) },
  { name: 'random-100', make: () => randomBytes(100, 7) },
  { name: 'random-1000', make: () => randomBytes(1000, 8) },
  { name: 'random-16383', make: () => randomBytes(16383, 9) },
  { name: 'random-16384', make: () => randomBytes(16384, 10) },
  { name: 'random-16385', make: () => randomBytes(16385, 11) },
  { name: 'random-32768', make: () => randomBytes(32768, 12) },
  { name: 'random-65274', make: () => randomBytes(65274, 13) },
  { name: 'random-65535', make: () => randomBytes(65535, 14) },
  { name: 'random-65536', make: () => randomBytes(65536, 15) },
  { name: 'random-65537', make: () => randomBytes(65537, 16) },
  { name: 'random-200k', make: () => randomBytes(200_000, 17) },
  { name: 'random-1m', make: () => randomBytes(1 << 20, 18) },
  { name: 'zeros-1', make: () => fill(1, 0) },
  { name: 'zeros-258', make: () => fill(258, 0) },
  { name: 'zeros-262', make: () => fill(262, 0) },
  { name: 'zeros-100k', make: () => fill(100_000, 0) },
  { name: 'run-1m', make: () => fill(1 << 20, 0x78) },
  {
    name: 'runs-and-random',
    make: () => concat([fill(70_000, 1), randomBytes(40_000, 19), fill(300, 2), randomBytes(3, 20), fill(100_000, 3)]),
  },
  { name: 'two-byte-period', make: () => new TextEncoder().encode('ab'.repeat(40_000)) },
  {
    name: 'text-then-random-then-text',
    make: () => concat([text(20_000, 21), randomBytes(50_000, 22), text(20_000, 21)]),
  },
  { name: 'repeat-at-4096', make: () => fourByteRepeats(4096, 23) },
  { name: 'repeat-at-4097', make: () => fourByteRepeats(4097, 24) },
  { name: 'repeat-at-32767', make: () => repeatAt(32767, 300, 25) },
  { name: 'repeat-at-32768', make: () => repeatAt(32768, 300, 26) },
  { name: 'repeat-at-32769', make: () => repeatAt(32769, 300, 27) },
  {
    name: 'repeat-across-slides',
    make: () => concat([text(30_000, 28), randomBytes(65_000, 29), text(30_000, 28), randomBytes(10, 30)]),
  },
  {
    name: 'literal-block-limit',
    make: () => concat([randomBytes(16_384 - 2, 31), text(5000, 32), randomBytes(16_384, 33), text(5000, 32)]),
  },
  {
    name: 'binary-mix',
    make: () =>
      concat(
        Array.from({ length: 40 }, (_, i) =>
          i % 3 === 0 ? randomBytes(2000 + i * 37, 100 + i) : i % 3 === 1 ? text(3000, 200 + (i % 5)) : fill(i * 50, i),
        ),
      ),
  },
  // Crosses 16 MiB (the hash positions are rebased) inside text that matches across the point.
  {
    name: 'rebase-17m',
    make: () =>
      concat([
        fill((16 << 20) - 150_000, 0x61),
        text(200_000, 34),
        randomBytes(50_000, 35),
        text(200_000, 34),
        fill(400_000, 0x62),
        text(100_000, 34),
      ]),
  },
];
