/**
 * Hull's gzip against Go's, live: the reference program
 * (test/fixtures/go-gzip/gogzip.go) is built with Debian's Go (golang-go,
 * installed by scripts/setup-system) and fed inputs that fast-check makes
 * from random bytes, text, runs and copies of earlier pieces at random
 * distances (so matches, lazy choices, block limits and window slides
 * all occur); every output must be byte-identical. Any counterexample is
 * shrunk and printed.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { goGzip } from '../../../src/transpile/index.js';
import { randomBytes, text } from './corpus.js';
import { goGzipReference, removeGoGzipProgram } from './go-program.js';

after(removeGoGzipProgram);

type Piece =
  | { kind: 'random'; n: number; seed: number }
  | { kind: 'text'; n: number; seed: number; vocabulary: number }
  | { kind: 'run'; n: number; byte: number }
  | { kind: 'copy'; back: number; n: number };

const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.record({
    kind: fc.constant('random' as const),
    n: fc.integer({ min: 1, max: 20_000 }),
    seed: fc.integer({ min: 1, max: 1e9 }),
  }),
  fc.record({
    kind: fc.constant('text' as const),
    n: fc.integer({ min: 1, max: 20_000 }),
    seed: fc.integer({ min: 1, max: 1e9 }),
    vocabulary: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({
    kind: fc.constant('run' as const),
    n: fc.integer({ min: 1, max: 3000 }),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('copy' as const),
    back: fc.integer({ min: 1, max: 40_000 }),
    n: fc.integer({ min: 3, max: 600 }),
  }),
);

function build(pieces: readonly Piece[]): Uint8Array {
  const out: number[] = [];
  for (const p of pieces) {
    if (p.kind === 'random') out.push(...randomBytes(p.n, p.seed));
    else if (p.kind === 'text') out.push(...text(p.n, p.seed, p.vocabulary));
    else if (p.kind === 'run') for (let i = 0; i < p.n; i++) out.push(p.byte);
    else {
      const from = Math.max(0, out.length - p.back);
      for (let i = 0; i < p.n && from + i < out.length; i++) out.push(out[from + i]!);
    }
  }
  return new Uint8Array(out);
}

test('gzip equals Go compress/gzip BestCompression on generated inputs', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const input = build(pieces);
      assert.deepEqual(Buffer.from(goGzip(input)), Buffer.from(goGzipReference(input)));
    }),
    { numRuns: 80 },
  );
});

test('gzip equals Go on arbitrary short byte strings', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (input) => {
      assert.deepEqual(Buffer.from(goGzip(input)), Buffer.from(goGzipReference(input)));
    }),
    { numRuns: 100 },
  );
});
