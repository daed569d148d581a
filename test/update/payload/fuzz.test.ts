/**
 * The payload reader and verifier never throw, whatever the bytes: every
 * input either verifies or is refused with one of update_engine's codes.
 * HULL_FUZZ_RUNS sets the number of runs (3000 in the suite; the acceptance
 * run is HULL_FUZZ_RUNS=100000, see docs/payload.md).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import { PAYLOAD_CODES, verifyPayload } from '../../../src/update/payload/index.js';
import { buildPayload, chunked, PAYLOAD, rsaKeys } from './build.js';

const RUNS = Number(process.env['HULL_FUZZ_RUNS'] ?? 3000);
const { privateKey, publicPem } = rsaKeys();
const SMALL = buildPayload(
  [new Uint8Array(3000).fill(3), Uint8Array.from({ length: 700 }, (_, i) => i & 255), new Uint8Array(50)],
  privateKey,
);
const HEAD = PAYLOAD.subarray(0, 20 + 3399 + 2000); // the real header and manifest, two blobs

const mutated = (base: Uint8Array) =>
  fc
    .record({
      edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      insert: fc.option(fc.record({ at: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }) }), { nil: undefined }),
    })
    .map(({ edits, cut, insert }) => {
      let b = Uint8Array.from(base);
      for (const e of edits) b[e.at % b.length] = e.value;
      if (insert) {
        const at = insert.at % (b.length + 1);
        b = Uint8Array.from([...b.subarray(0, at), ...insert.bytes, ...b.subarray(at)]);
      }
      if (cut !== undefined) b = b.subarray(0, cut % (b.length + 1));
      return b;
    });

const input = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc
    .uint8Array({ maxLength: 60 })
    .map((tail) =>
      Uint8Array.from([
        0x43,
        0x72,
        0x41,
        0x55,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        tail.length & 0xff,
        ...tail,
      ]),
    ),
  mutated(SMALL),
  mutated(HEAD),
);

test(`verifyPayload never throws and answers only update_engine's codes (${RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(
      input,
      fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      async (bytes, sizes, withKey) => {
        const r = await verifyPayload(chunked(bytes, sizes), {
          crypto: nodePayloadCrypto,
          ...(withKey ? { publicKeyPem: publicPem } : {}),
          maxBlobBytes: 1 << 20,
          maxManifestBytes: 1 << 20,
        });
        if (!r.ok) {
          assert.ok(r.code in PAYLOAD_CODES, `code ${r.code}`);
          assert.equal(r.name, PAYLOAD_CODES[r.code]);
          assert.equal(typeof r.message, 'string');
        }
      },
    ),
    { numRuns: RUNS },
  );
});

test('the unmodified small payload verifies with its key (the fuzz base is valid)', async () => {
  const r = await verifyPayload(chunked(SMALL), { crypto: nodePayloadCrypto, publicKeyPem: publicPem });
  assert.ok(r.ok, r.ok ? '' : r.message);
});
