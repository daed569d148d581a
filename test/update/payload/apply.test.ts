import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import { MemoryBlockDevice } from '../../../src/disk/index.js';
import {
  applyPayload,
  regionOf,
  type ApplyResult,
  type ApplyTarget,
  type Manifest,
} from '../../../src/update/payload/index.js';
import { buildPayload, chunked, PAYLOAD, rsaKeys } from './build.js';

const IMAGE_SHA256 = '63f6f2e61dae732aaf325b7264942290c633d7cd78f6c1594ebd95dd50a59304';
const MiB = 1024 * 1024;
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

/** A device filled with 0xA5 so that any write, even of zeros, shows. */
function patterned(size: number): MemoryBlockDevice {
  return new MemoryBlockDevice(new Uint8Array(size).fill(0xa5));
}
function untouched(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0xa5) return false;
  return true;
}
const apply = (
  p: Uint8Array,
  slot: ApplyTarget,
  sizes?: number[],
  procedureTarget?: () => ApplyTarget | undefined,
): Promise<ApplyResult> =>
  applyPayload(chunked(p, sizes), slot, { crypto: nodePayloadCrypto, ...(procedureTarget ? { procedureTarget } : {}) });

const { privateKey } = rsaKeys();

describe('applyPayload', () => {
  test('the real payload rebuilds the README image inside its slot, and no byte outside the slot changes', async () => {
    const before = 3 * MiB;
    const slotSize = 72 * MiB; // larger than the 64 MiB image: the rest of the slot stays as it was
    const dev = patterned(before + slotSize + 2 * MiB);
    let calls = 0;
    const r = await applyPayload(chunked(PAYLOAD, [7, 65536, 4093]), regionOf(dev, before, slotSize), {
      crypto: nodePayloadCrypto,
      onOperation: () => calls++,
    });
    assert.ok(r.ok, r.ok ? '' : `${r.code} ${r.message}`);
    assert.equal(r.operations, 64);
    assert.equal(calls, 64);
    assert.equal(r.bytesWritten, 64 * MiB);
    assert.deepEqual([r.partition.size, r.partition.sha256, r.partition.matches], [64 * MiB, IMAGE_SHA256, true]);
    assert.equal(hex(dev.bytes.subarray(before, before + 64 * MiB)), IMAGE_SHA256);
    assert.ok(untouched(dev.bytes.subarray(0, before)), 'bytes before the slot changed');
    assert.ok(untouched(dev.bytes.subarray(before + 64 * MiB)), 'bytes after the image changed');
  });

  test('a tampered blob: 29 after the earlier operations were written; the result claims nothing about the slot', async () => {
    const bad = Uint8Array.from(PAYLOAD);
    bad[bad.length - 264 - 10] = bad[bad.length - 264 - 10]! ^ 0x01; // inside the last blob, before the signature blob
    const dev = patterned(64 * MiB);
    const r = await apply(bad, regionOf(dev, 0, 64 * MiB));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.code, 29, r.message);
    assert.ok(r.bytesWritten > 0 && r.bytesWritten < 64 * MiB, `${r.bytesWritten}`);
    assert.equal(r.operations, 63);
    assert.equal('partition' in r, false, 'a refusal carries no partition check');
    assert.notEqual(hex(dev.bytes), IMAGE_SHA256);
  });

  test('an extent outside a small slot is refused (28) before any write; nothing inside or outside the slot changes', async () => {
    const blobs = [new Uint8Array(4096).fill(1), new Uint8Array(4096).fill(2)];
    const p = buildPayload(blobs, privateKey, (m) => ({
      ...m,
      newPartitionInfo: { size: 4096n, hash: sha(blobs[0]!) },
      partitionOperations: m.partitionOperations.map((o, i) =>
        i === 1 ? { ...o, dstExtents: [{ startBlock: 2n, numBlocks: 1n }] } : o,
      ),
    }));
    const dev = patterned(5 * 4096);
    const r = await apply(p, regionOf(dev, 4096, 2 * 4096)); // the slot: blocks 1-2 of the device; block 2 of the slot is device block 3
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.code, 28);
    assert.match(r.message, /outside the target's 8192 bytes; nothing was written/);
    assert.equal(r.bytesWritten, 0);
    assert.ok(untouched(dev.bytes));
  });

  test('REPLACE zero-pads to the block; an over-long final extent is tolerated up to the slot end', async () => {
    const blobs = [new Uint8Array(4096).fill(7), new Uint8Array(100).fill(9)];
    const image = new Uint8Array(8192);
    image.fill(7, 0, 4096);
    image.fill(9, 4096, 4196);
    const p = buildPayload(blobs, privateKey, (m) => ({
      ...m,
      newPartitionInfo: { size: 8192n, hash: sha(image) },
      // the last chunk says 256 blocks, as delta_generator's short final chunk does; the slot has 2
      partitionOperations: m.partitionOperations.map((o, i) =>
        i === 1 ? { ...o, dstExtents: [{ startBlock: 1n, numBlocks: 256n }] } : o,
      ),
    }));
    const dev = patterned(4 * 4096);
    const r = await apply(p, regionOf(dev, 4096, 2 * 4096), [5]);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(dev.bytes.subarray(4096, 3 * 4096), image);
    assert.ok(untouched(dev.bytes.subarray(0, 4096)) && untouched(dev.bytes.subarray(3 * 4096)));
  });

  test('REPLACE_BZ: one bzip2 stream per operation; bad bzip2 data or more than the extents hold is 28', async () => {
    const plain = new Uint8Array(8192).fill(3);
    let bz: Uint8Array;
    try {
      bz = new Uint8Array(execFileSync('bzip2', ['-c'], { input: plain }));
    } catch {
      throw new Error('this test needs bzip2: apt-get install bzip2 (scripts/setup-system)');
    }
    const as = (blob: Uint8Array, blocks: bigint, imageHash = sha(plain)) =>
      buildPayload([blob], privateKey, (m) => ({
        ...m,
        newPartitionInfo: { size: 8192n, hash: imageHash },
        partitionOperations: m.partitionOperations.map((o) => ({
          ...o,
          type: 'REPLACE_BZ' as const,
          dstExtents: [{ startBlock: 0n, numBlocks: blocks }],
        })),
      }));
    const ok = await apply(as(bz, 2n), regionOf(patterned(8192), 0, 8192));
    assert.ok(ok.ok, ok.ok ? '' : ok.message);
    const big = await apply(as(bz, 1n), regionOf(patterned(8192), 0, 8192));
    assert.equal(big.ok ? 0 : big.code, 28);
    const capped = await applyPayload(chunked(as(bz, 2n)), regionOf(patterned(8192), 0, 8192), {
      crypto: nodePayloadCrypto,
      maxUnpackedBytes: 4096,
    });
    assert.equal(capped.ok ? 0 : capped.code, 28, 'more unpacked bytes than maxUnpackedBytes');
    const garbage = await apply(as(new Uint8Array(64).fill(0x42), 2n), regionOf(patterned(8192), 0, 8192));
    assert.equal(garbage.ok ? 0 : garbage.code, 28);
  });

  test('the written bytes differ from new_partition_info: 15', async () => {
    const blobs = [new Uint8Array(4096).fill(1)];
    const p = buildPayload(blobs, privateKey, (m) => ({
      ...m,
      newPartitionInfo: { size: 4096n, hash: sha(new Uint8Array(4096)) },
    }));
    const r = await apply(p, regionOf(patterned(4096), 0, 4096));
    assert.equal(r.ok ? 0 : r.code, 15);
    const bigger = buildPayload(blobs, privateKey, (m) => ({
      ...m,
      newPartitionInfo: { size: 8192n, hash: sha(blobs[0]!) },
    }));
    const dev = patterned(4096);
    const r2 = await apply(bigger, regionOf(dev, 0, 4096));
    assert.equal(r2.ok ? 0 : r2.code, 28, 'an image larger than the slot is refused before writing');
    assert.ok(untouched(dev.bytes));
  });

  test('a KERNEL procedure goes to its target and is checked (16 on mismatch); without a target it is read, not applied', async () => {
    const part = new Uint8Array(4096).fill(1);
    const kern = new Uint8Array(4096).fill(2);
    const edit =
      (kernelHash: Uint8Array) =>
      (m: Manifest): Manifest => ({
        ...m,
        newPartitionInfo: { size: 4096n, hash: sha(part) },
        partitionOperations: m.partitionOperations.slice(0, 1),
        procedures: [
          {
            type: 'KERNEL',
            operations: [{ ...m.partitionOperations[1]!, dstExtents: [{ startBlock: 0n, numBlocks: 1n }] }],
            newInfo: { size: 4096n, hash: kernelHash },
          },
        ],
      });
    const kdev = patterned(4096);
    const r = await apply(
      buildPayload([part, kern], privateKey, edit(sha(kern))),
      regionOf(patterned(4096), 0, 4096),
      undefined,
      () => regionOf(kdev, 0, 4096),
    );
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(kdev.bytes, kern);
    assert.equal(r.procedures[0]?.check?.matches, true);
    const skipped = await apply(
      buildPayload([part, kern], privateKey, edit(sha(kern))),
      regionOf(patterned(4096), 0, 4096),
    );
    assert.ok(skipped.ok);
    assert.deepEqual([skipped.operations, skipped.skippedOperations, skipped.procedures[0]?.applied], [1, 1, false]);
    const wrong = await apply(
      buildPayload([part, kern], privateKey, edit(sha(part))),
      regionOf(patterned(4096), 0, 4096),
      undefined,
      () => regionOf(patterned(4096), 0, 4096),
    );
    assert.equal(wrong.ok ? 0 : wrong.code, 16);
  });

  test('regionOf refuses reads and writes outside its range', async () => {
    const dev = patterned(3 * 4096);
    const r = regionOf(dev, 4096, 4096);
    await assert.rejects(r.write(4000, new Uint8Array(200)), RangeError);
    await assert.rejects(r.read(4096, 1), RangeError);
    assert.throws(() => regionOf(dev, 8192, 8192), RangeError);
    assert.ok(untouched(dev.bytes));
  });
});
