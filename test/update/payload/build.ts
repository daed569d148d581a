import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  encodeHeader,
  encodeManifest,
  encodeSignatures,
  type Manifest,
  type Operation,
} from '../../../src/update/payload/index.js';

export const FIXTURE_DIR = new URL('../../fixtures/update/', import.meta.url);
export const PAYLOAD = readFileSync(new URL('payload-signed.bin', FIXTURE_DIR));
export const PUBKEY = readFileSync(new URL('test-key.pub.pem', FIXTURE_DIR), 'utf8');
export const SIZE = 541497;
export const SHA256_B64 = 'VZiaLsG5SbrBupR716+7vc3vkVqnaQ/ZlUwaVQ6UxEE=';
export const M = 3399;

/** Splits bytes into chunks of the given sizes (cycled), as a stream. */
export async function* chunked(b: Uint8Array, sizes: readonly number[] = [65536]): AsyncGenerator<Uint8Array> {
  let at = 0;
  let i = 0;
  while (at < b.length) {
    const n = Math.max(1, sizes[i++ % sizes.length] as number);
    yield b.subarray(at, at + n);
    at += n;
  }
}

export function rsaKeys(): { privateKey: KeyObject; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

/**
 * A small full payload as delta_generator lays one out: REPLACE operations
 * with sequential blobs and hashes, a noop mirroring the signature blob, one
 * version-2 signature over [0, 20 + M + signatures_offset). `edit` may change
 * the manifest before it is encoded (the signature still covers the result).
 */
export function buildPayload(
  blobs: readonly Uint8Array[],
  key: KeyObject,
  edit: (m: Manifest) => Manifest = (m) => m,
  sigVersion = 2,
): Uint8Array {
  let offset = 0;
  const ops: Operation[] = blobs.map((b, i) => {
    const op: Operation = {
      type: 'REPLACE',
      dataOffset: offset,
      dataLength: b.length,
      srcExtents: [],
      dstExtents: [{ startBlock: BigInt(i), numBlocks: 1n }],
      dataSha256: sha(b),
    };
    offset += b.length;
    return op;
  });
  const sigSize = encodeSignatures([{ version: sigVersion, data: new Uint8Array(256) }]).length;
  const image = Buffer.concat(blobs);
  const manifest = edit({
    partitionOperations: ops,
    noopOperations: [
      {
        type: 'REPLACE',
        dataOffset: offset,
        dataLength: sigSize,
        srcExtents: [],
        dstExtents: [{ startBlock: 2n ** 64n - 1n, numBlocks: 1n }],
      },
    ],
    blockSize: 4096,
    signaturesOffset: BigInt(offset),
    signaturesSize: BigInt(sigSize),
    newPartitionInfo: { size: BigInt(image.length), hash: sha(image) },
    procedures: [],
  });
  const mb = encodeManifest(manifest);
  const signed = Buffer.concat([encodeHeader({ version: 1n, manifestSize: BigInt(mb.length) }), mb, ...blobs]);
  const sig = sign('sha256', signed, key);
  return Buffer.concat([signed, encodeSignatures([{ version: sigVersion, data: sig }])]);
}

/**
 * A full payload of a whole image as delta_generator makes one: one REPLACE
 * per 1 MiB chunk (256 blocks of 4096), sequential blobs with hashes,
 * new_partition_info of the image, a noop for the signature blob, one
 * version-2 signature. `edit` may change the manifest before it is signed.
 */
export function buildImagePayload(
  image: Uint8Array,
  key: KeyObject,
  edit: (m: Manifest) => Manifest = (m) => m,
): Uint8Array {
  const CHUNK = 1024 * 1024;
  const blobs: Uint8Array[] = [];
  for (let at = 0; at < image.length; at += CHUNK) blobs.push(image.subarray(at, Math.min(at + CHUNK, image.length)));
  return buildPayload(blobs, key, (m) =>
    edit({
      ...m,
      partitionOperations: m.partitionOperations.map((op, i) => ({
        ...op,
        dstExtents: [{ startBlock: BigInt(i * 256), numBlocks: 256n }],
      })),
      newPartitionInfo: { size: BigInt(image.length), hash: sha(image) },
    }),
  );
}

/** `b` cut into `size`-byte chunks (the last one short). */
export function chunks(b: Uint8Array, size = 4096): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < b.length; at += size) out.push(b.subarray(at, at + size));
  return out;
}

/**
 * A full payload with a KERNEL procedure, as delta_generator makes one with
 * `-new_kernel`: the partition's chunks, then the kernel's (its blobs right
 * after the partition's), `new_info` of the kernel its size and SHA-256. The
 * kernel need not be a whole number of blocks.
 */
export function buildKernelPayload(
  partition: Uint8Array,
  kernel: Uint8Array,
  key: KeyObject,
  chunk = 4096,
): Uint8Array {
  const p = chunks(partition, chunk);
  const k = chunks(kernel, chunk);
  const blocks = chunk / 4096;
  return buildPayload([...p, ...k], key, (m) => ({
    ...m,
    newPartitionInfo: { size: BigInt(partition.length), hash: sha(partition) },
    partitionOperations: m.partitionOperations
      .slice(0, p.length)
      .map((o, i) => ({ ...o, dstExtents: [{ startBlock: BigInt(i * blocks), numBlocks: BigInt(blocks) }] })),
    procedures: [
      {
        type: 'KERNEL',
        operations: m.partitionOperations
          .slice(p.length)
          .map((o, i) => ({ ...o, dstExtents: [{ startBlock: BigInt(i * blocks), numBlocks: BigInt(blocks) }] })),
        newInfo: { size: BigInt(kernel.length), hash: sha(kernel) },
      },
    ],
  }));
}
