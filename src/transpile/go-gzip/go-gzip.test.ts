import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { deflateBest, goGzip } from './index.js';

/** Bytes with structure: random pieces, runs and copies of earlier bytes, so matches of every kind occur. */
const structured = fc
  .array(
    fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 3000 }),
      fc
        .record({ byte: fc.integer({ min: 0, max: 255 }), n: fc.integer({ min: 1, max: 2000 }) })
        .map(({ byte, n }) => new Uint8Array(n).fill(byte)),
      fc.record({ back: fc.integer({ min: 1, max: 40_000 }), n: fc.integer({ min: 1, max: 700 }) }),
    ),
    { maxLength: 30 },
  )
  .map((pieces) => {
    const out: number[] = [];
    for (const p of pieces) {
      if (p instanceof Uint8Array) out.push(...p);
      else {
        const from = Math.max(0, out.length - p.back);
        for (let i = 0; i < p.n && from + i < out.length; i++) out.push(out[from + i]!);
      }
    }
    return new Uint8Array(out);
  });

test('gzip output always inflates back to the input, with Go framing (XFL 2, OS 255, final empty stored block, CRC and size)', () => {
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 5000 }), structured), (data) => {
      const gz = goGzip(data);
      assert.deepEqual(new Uint8Array(gunzipSync(gz)), data);
      assert.deepEqual([...gz.subarray(0, 10)], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]);
      assert.deepEqual([...gz.subarray(gz.length - 12, gz.length - 8)], [0, 0, 0xff, 0xff]);
      assert.equal(Buffer.from(gz).readUInt32LE(gz.length - 4), data.length);
    }),
    { numRuns: 300 },
  );
});

test('raw deflate inflates back; the shared tables leave no trace between calls', () => {
  const big = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
  fc.assert(
    fc.property(structured, (data) => {
      const first = deflateBest(data);
      assert.deepEqual(new Uint8Array(inflateRawSync(first)), data);
      deflateBest(big);
      assert.deepEqual(deflateBest(data), first);
    }),
    { numRuns: 40 },
  );
});

test('the empty input is one final empty stored block, as Go writes it', () => {
  assert.deepEqual([...deflateBest(new Uint8Array(0))], [1, 0, 0, 0xff, 0xff]);
});
