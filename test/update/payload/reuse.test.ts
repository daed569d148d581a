import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileChunks } from '../../../src/adapters/node/file-chunks.js';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import { MemoryBlockDevice } from '../../../src/disk/index.js';
import { applyPayload, regionOf, verifyPayload, type PayloadCrypto } from '../../../src/update/payload/index.js';
import { ByteQueue } from '../../../src/update/payload/byte-queue.js';
import { buildPayload, PAYLOAD, PUBKEY, rsaKeys, SHA256_B64, SIZE } from './build.js';

// The reader on a source that reuses its buffers (fileChunks' reuseBuffers), and the one-pass whole/signed hashing.
const dir = mkdtempSync(join(tmpdir(), 'hull-payload-reuse-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Chunks of `b` in the given sizes (cycled) through three reused buffers; a
 * buffer is poisoned (0xEE) as soon as the source moves past the chunk after
 * it, so a reader holding a chunk too long sees garbage.
 */
async function* reusing(b: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  const max = Math.max(...sizes);
  const ring = [0, 1, 2].map(() => new Uint8Array(max));
  let at = 0;
  let i = 0;
  while (at < b.length) {
    const n = Math.min(sizes[i % sizes.length]!, b.length - at);
    const buf = ring[i % 3]!;
    ring[(i + 1) % 3]!.fill(0xee); // the one before the previous: free now
    buf.set(b.subarray(at, at + n));
    yield buf.subarray(0, n);
    at += n;
    i++;
  }
}

const SIGNED = 'da0dcb3d82c7a00908de8b01b3d8c1b8c0911da2f26e3fdaaa6ede4e5b451169';
const noCopy: PayloadCrypto = {
  ...nodePayloadCrypto,
  sha256: () => ({ ...nodePayloadCrypto.sha256(), copy: undefined }),
};

describe('payload reading with reused buffers', () => {
  test('verify on a reusing source: the same sizes, hashes and signature as README, in odd chunkings', async () => {
    for (const sizes of [[1 << 20], [13], [7, 4093, 3], [65536, 1]]) {
      const v = await verifyPayload(reusing(PAYLOAD, sizes), {
        crypto: nodePayloadCrypto,
        publicKeyPem: PUBKEY,
        expectedSize: SIZE,
        expectedSha256: SHA256_B64,
      });
      assert.ok(v.ok, v.ok ? '' : `${sizes}: ${v.message}`);
      assert.equal(v.signedSha256, SIGNED);
    }
  });

  test('one hashing pass (Hash.copy) and two passes (a port without copy) agree, also with trailing bytes', async () => {
    const trailing = new Uint8Array([...PAYLOAD, 1, 2, 3]);
    for (const crypto of [nodePayloadCrypto, noCopy]) {
      const v = await verifyPayload(reusing(trailing, [4096]), { crypto, publicKeyPem: PUBKEY });
      assert.ok(v.ok, v.ok ? '' : v.message);
      assert.equal(v.signedSha256, SIGNED);
      assert.equal(v.size, SIZE + 3);
      const plain = await verifyPayload(reusing(PAYLOAD, [4096]), { crypto });
      assert.ok(plain.ok && plain.sha256 === SHA256_B64);
    }
  });

  test('apply from fileChunks with reuseBuffers writes the same image as from fresh chunks', async () => {
    const file = join(dir, 'p.bin');
    const blobs = Array.from({ length: 300 }, () => randomBytes(4096));
    writeFileSync(file, buildPayload(blobs, rsaKeys().privateKey));
    const images: Uint8Array[] = [];
    for (const [reuseBuffers, size] of [
      [false, 1 << 20],
      [true, 4099],
      [true, 65536],
    ] as const) {
      const dev = new MemoryBlockDevice(300 * 4096);
      const r = await applyPayload(await fileChunks(file, size, { reuseBuffers }), regionOf(dev, 0, dev.size), {
        crypto: nodePayloadCrypto,
      });
      assert.ok(r.ok, r.ok ? '' : r.message);
      images.push(dev.bytes);
    }
    assert.ok(Buffer.from(images[0]!).equals(Buffer.concat(blobs)));
    for (const img of images.slice(1)) assert.ok(Buffer.from(img).equals(Buffer.from(images[0]!)));
  });

  test('ByteQueue: take gives bytes of their own; takeTransient is valid until the next call', async () => {
    const src = Uint8Array.from({ length: 100 }, (_, i) => i);
    const q = new ByteQueue(reusing(src, [7]));
    const owned = await q.take(10);
    const t = await q.takeTransient(20);
    assert.deepEqual(
      [...t],
      Array.from({ length: 20 }, (_, i) => 10 + i),
    );
    const rest = await q.take(100);
    assert.equal(rest.length, 70);
    assert.deepEqual(
      [...owned],
      Array.from({ length: 10 }, (_, i) => i),
      'owned bytes survive the reuse of the source buffers',
    );
    assert.equal(q.consumed, 100);
  });
});
