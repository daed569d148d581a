import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { wasmBunzip } from '../../../src/adapters/node/bzip2-wasm.js';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import { MemoryBlockDevice } from '../../../src/disk/index.js';
import { applyPayload, PayloadError, regionOf } from '../../../src/update/payload/index.js';
import { bunzip as seekBunzip } from '../../../src/update/payload/bunzip.js';
import { buildPayload, chunked, PAYLOAD, rsaKeys } from './build.js';

// REPLACE_BZ through libbzip2 compiled to WebAssembly (the CLI's decoder): the same bytes and the same refusals (28) as seek-bzip.
const bzip2 = (b: Uint8Array): Uint8Array => {
  try {
    return new Uint8Array(execFileSync('bzip2', ['-c'], { input: b, maxBuffer: 1 << 26 }));
  } catch {
    throw new Error('this test needs bzip2: apt-get install bzip2 (scripts/setup-system)');
  }
};
const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

describe('the WebAssembly bzip2 decoder', () => {
  test('unpacks what seek-bzip unpacks; more than max, or bad data, is PayloadError 28', async () => {
    const un = await wasmBunzip();
    for (const plain of [new Uint8Array(8192).fill(3), randomBytes(100_000), new Uint8Array(0)]) {
      const bz = bzip2(plain);
      assert.deepEqual(un(bz, plain.length, 'op'), seekBunzip(bz, plain.length, 'op'));
    }
    const bz = bzip2(new Uint8Array(8192).fill(3));
    assert.throws(
      () => un(bz, 4096, 'partition operation 0'),
      (e: PayloadError) =>
        e instanceof PayloadError && e.code === 28 && /unpacks to more than its 4096 destination bytes/.test(e.message),
    );
    assert.throws(
      () => un(new Uint8Array(64).fill(0x42), 8192, 'op'),
      (e: PayloadError) => e.code === 28 && /cannot be unpacked/.test(e.message),
    );
    assert.throws(
      () => un(bz.subarray(0, bz.length - 10), 8192, 'op'),
      (e: PayloadError) => e.code === 28,
    );
  });

  test('the real delta_generator payload applies to the same image with either decoder', async () => {
    const images: Uint8Array[] = [];
    for (const decoder of [undefined, await wasmBunzip()]) {
      const dev = new MemoryBlockDevice(64 * 1024 * 1024);
      const r = await applyPayload(chunked(PAYLOAD), regionOf(dev, 0, dev.size), {
        crypto: nodePayloadCrypto,
        ...(decoder ? { bunzip: decoder } : {}),
      });
      assert.ok(r.ok && r.partition.matches, r.ok ? '' : r.message);
      images.push(dev.bytes);
    }
    assert.ok(Buffer.from(images[0]!).equals(Buffer.from(images[1]!)));
  });

  test('a bzip2 bomb stops at the extents (28) through applyPayload', async () => {
    const { privateKey } = rsaKeys();
    const plain = new Uint8Array(8192).fill(3);
    const p = buildPayload([bzip2(plain)], privateKey, (m) => ({
      ...m,
      newPartitionInfo: { size: 8192n, hash: sha(plain) },
      partitionOperations: m.partitionOperations.map((o) => ({
        ...o,
        type: 'REPLACE_BZ' as const,
        dstExtents: [{ startBlock: 0n, numBlocks: 1n }],
      })),
    }));
    const r = await applyPayload(chunked(p), regionOf(new MemoryBlockDevice(8192), 0, 8192), {
      crypto: nodePayloadCrypto,
      bunzip: await wasmBunzip(),
    });
    assert.equal(r.ok ? 0 : r.code, 28);
  });
});
