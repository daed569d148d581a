import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { bzip2Process } from '../../../src/adapters/node/bzip2-process.js';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import { rsaPayloadSigner } from '../../../src/adapters/node/payload-signer.js';
import { AppError } from '../../../src/core/index.js';
import { MemoryBlockDevice } from '../../../src/disk/index.js';
import {
  applyPayload,
  buildPayload,
  decodeHeader,
  decodeManifest,
  regionOf,
  signatureVersions,
  SPARSE_HOLE,
  verifyPayload,
  type BlobSpool,
  type BuildOptions,
  type BuildResult,
  type Manifest,
  type PayloadSigner,
} from '../../../src/update/payload/index.js';
import { chunked, rsaKeys } from './build.js';

// The generator (src/update/payload/build.ts) over Node's adapters, with an in-memory spool and output.
const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'hull-payload-build-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const raw = (b: Uint8Array) => Buffer.from(b).toString('hex');
const pem = (k: ReturnType<typeof rsaKeys>) => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const key1 = rsaKeys();
const key2 = rsaKeys();
const signer1 = rsaPayloadSigner(pem(key1), 'key1.pem');
const signer2 = rsaPayloadSigner(pem(key2), 'key2.pem');

/** Deterministic bytes that bzip2 cannot shrink (SHA-256 in counter mode). */
function noise(n: number, seed: string): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0, at = 0; at < n; i++, at += 32)
    out.set(
      createHash('sha256')
        .update(`${seed}:${i}`)
        .digest()
        .subarray(0, Math.min(32, n - at)),
      at,
    );
  return out;
}

/** An ext2 image of a small tree (mkfs.ext2 -d), `size` bytes, with noise in one file so some chunks stay REPLACE. */
function ext2Image(name: string, size: number): Uint8Array {
  const tree = join(dir, `${name}-tree`);
  mkdirSync(join(tree, 'share/flatcar'), { recursive: true });
  writeFileSync(
    join(tree, 'share/flatcar/release'),
    'FLATCAR_RELEASE_VERSION=1000.0.1\nFLATCAR_RELEASE_BOARD=amd64-usr\n',
  );
  writeFileSync(join(tree, 'noise'), noise(3 * MiB, name)); // at least one whole chunk of it: REPLACE
  writeFileSync(join(tree, 'text'), 'hull payload build test\n'.repeat(20000));
  const img = join(dir, `${name}.img`);
  writeFileSync(img, new Uint8Array(0));
  execFileSync('truncate', ['-s', String(size), img]);
  const r = spawnSync('mkfs.ext2', ['-q', '-F', '-b', '4096', '-d', tree, img], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error(
      `this test needs mkfs.ext2 (apt-get install e2fsprogs, scripts/setup-system): ${r.error?.message ?? r.stderr}`,
    );
  return readFileSync(img);
}

function memorySpool(): BlobSpool & { bytes(): number } {
  const parts: Uint8Array[] = [];
  return {
    append: async (b) => void parts.push(Uint8Array.from(b)),
    async *readBack() {
      for (const p of parts) yield p;
    },
    bytes: () => parts.reduce((n, p) => n + p.length, 0),
  };
}

async function build(
  image: Uint8Array | AsyncIterable<Uint8Array>,
  opts: Partial<BuildOptions> = {},
): Promise<{ payload: Uint8Array; r: BuildResult }> {
  const out: Uint8Array[] = [];
  const usr =
    image instanceof Uint8Array
      ? { size: image.length, read: async (at: number, n: number) => image.subarray(at, at + n) }
      : image;
  const r = await buildPayload({
    usr,
    signers: [signer1],
    bzip2: bzip2Process(),
    spool: memorySpool(),
    out: { write: async (b) => void out.push(Uint8Array.from(b)) },
    crypto: nodePayloadCrypto,
    parallel: 3,
    ...opts,
  });
  return { payload: Buffer.concat(out), r };
}

function manifestOf(p: Uint8Array): Manifest {
  const h = decodeHeader(p);
  return decodeManifest(p.subarray(20, 20 + Number(h.manifestSize)));
}

// 5 MiB + 12 KiB: five whole chunks and a short final one of three blocks.
const IMAGE_SIZE = 5 * MiB + 12 * 1024;
const image = ext2Image('usr', IMAGE_SIZE);
const kernel = noise(MiB + 300_000, 'kernel');

describe('buildPayload', () => {
  test('round trip with a kernel: Hull verifies it with the key and applies it into a slot; the bytes hash to new_partition_info', async () => {
    const { payload, r } = await build(image, {
      kernel: { size: kernel.length, read: async (at, n) => kernel.subarray(at, at + n) },
    });
    assert.equal(r.size, payload.length);
    assert.equal(r.sha256Hex, hex(payload));
    assert.equal(Buffer.from(r.sha256, 'base64').toString('hex'), r.sha256Hex);
    const v = await verifyPayload(chunked(payload, [4093, 65536]), {
      crypto: nodePayloadCrypto,
      publicKeyPem: key1.publicPem,
      expectedSize: r.size,
      expectedSha256: r.sha256,
    });
    assert.ok(v.ok, v.ok ? '' : `${v.code} ${v.message}`);
    assert.equal(v.signatureVerified, true);
    assert.deepEqual(
      v.signatures?.map((s) => s.version),
      [2],
    );

    // The slot is larger than the image and patterned, so any stray write shows.
    const slotSize = 8 * MiB;
    const dev = new MemoryBlockDevice(new Uint8Array(MiB + slotSize).fill(0xa5));
    const kdev = new MemoryBlockDevice(new Uint8Array(kernel.length));
    const a = await applyPayload(chunked(payload), regionOf(dev, MiB, slotSize), {
      crypto: nodePayloadCrypto,
      procedureTarget: () => kdev,
    });
    assert.ok(a.ok, a.ok ? '' : `${a.code} ${a.message}`);
    assert.deepEqual([a.partition.size, a.partition.sha256, a.partition.matches], [IMAGE_SIZE, hex(image), true]);
    assert.equal(hex(dev.bytes.subarray(MiB, MiB + IMAGE_SIZE)), hex(image));
    assert.ok(
      dev.bytes.subarray(MiB + IMAGE_SIZE).every((b) => b === 0xa5),
      'the short last chunk wrote past the image',
    );
    assert.ok(
      dev.bytes.subarray(0, MiB).every((b) => b === 0xa5),
      'a write before the slot',
    );
    assert.equal(hex(kdev.bytes), hex(kernel));
    assert.equal(a.procedures[0]?.check?.matches, true);

    // A slot exactly the image's size: the short last chunk's extent (256 blocks) passes its end, its data does not.
    const exact = new MemoryBlockDevice(new Uint8Array(IMAGE_SIZE));
    const e = await applyPayload(chunked(payload), exact, { crypto: nodePayloadCrypto });
    assert.ok(e.ok, e.ok ? '' : `${e.code} ${e.message}`);
    assert.equal(hex(exact.bytes), hex(image));
  });

  test("the manifest has delta_generator's habits", async () => {
    const { payload, r } = await build(image, {
      kernel: { size: kernel.length, read: async (at, n) => kernel.subarray(at, at + n) },
    });
    const m = manifestOf(payload);
    assert.equal(m.blockSize, 4096);
    assert.equal(m.oldPartitionInfo, undefined);
    assert.deepEqual([m.newPartitionInfo?.size, raw(m.newPartitionInfo!.hash!)], [BigInt(IMAGE_SIZE), hex(image)]);
    // six chunks of the USR image, each 256 blocks at 256·i (the short last one too), each with a hash
    assert.equal(m.partitionOperations.length, 6);
    m.partitionOperations.forEach((op, i) => {
      assert.deepEqual(op.dstExtents, [{ startBlock: BigInt(256 * i), numBlocks: 256n }]);
      assert.equal(op.dataSha256?.length, 32);
      assert.equal(op.srcExtents.length, 0);
    });
    // the noise file keeps at least one chunk REPLACE; the zeros and text are REPLACE_BZ
    const types = m.partitionOperations.map((o) => o.type);
    assert.ok(types.includes('REPLACE') && types.includes('REPLACE_BZ'), types.join(','));
    for (const op of m.partitionOperations) {
      const blob = payload.subarray(r.metadataSize + op.dataOffset!, r.metadataSize + op.dataOffset! + op.dataLength!);
      if (op.type === 'REPLACE')
        assert.ok(op.dataLength! === MiB || op.dataLength! === 12 * 1024, `a REPLACE of ${op.dataLength} bytes`);
      else assert.equal(Buffer.from(blob.subarray(0, 4)).toString('latin1'), 'BZh9', 'one bzip2 stream, level 9');
    }
    // the kernel: two chunks, random, so REPLACE; blobs after the partition's
    const k = m.procedures[0]!;
    assert.equal(k.type, 'KERNEL');
    assert.deepEqual([k.newInfo?.size, raw(k.newInfo!.hash!)], [BigInt(kernel.length), hex(kernel)]);
    assert.deepEqual(
      k.operations.map((o) => [o.type, o.dataLength, o.dstExtents[0]!.startBlock, o.dstExtents[0]!.numBlocks]),
      [
        ['REPLACE', MiB, 0n, 256n],
        ['REPLACE', 300_000, 256n, 256n],
      ],
    );
    const lastUsr = m.partitionOperations.at(-1)!;
    assert.equal(k.operations[0]!.dataOffset, lastUsr.dataOffset! + lastUsr.dataLength!);
    // one noop per kernel blob (same offset, length, hash), one for the signature (no hash), all at the sparse hole
    assert.equal(m.noopOperations.length, 3);
    for (const [i, op] of k.operations.entries()) {
      const n = m.noopOperations[i]!;
      assert.deepEqual(
        [n.type, n.dataOffset, n.dataLength, raw(n.dataSha256!)],
        ['REPLACE', op.dataOffset, op.dataLength, raw(op.dataSha256!)],
      );
      assert.deepEqual(n.dstExtents, [
        { startBlock: SPARSE_HOLE, numBlocks: BigInt(Math.ceil(op.dataLength! / 4096)) },
      ]);
    }
    const sigNoop = m.noopOperations[2]!;
    assert.deepEqual(
      [sigNoop.dataOffset, sigNoop.dataLength, sigNoop.dataSha256],
      [Number(m.signaturesOffset), Number(m.signaturesSize), undefined],
    );
    assert.deepEqual(sigNoop.dstExtents, [{ startBlock: SPARSE_HOLE, numBlocks: 1n }]);
    // signatures_offset = the end of the last blob; the signature blob ends the file
    const lastK = k.operations.at(-1)!;
    assert.equal(Number(m.signaturesOffset), lastK.dataOffset! + lastK.dataLength!);
    assert.equal(r.metadataSize + Number(m.signaturesOffset) + Number(m.signaturesSize), payload.length);
    assert.equal(Number(m.signaturesSize), 264, 'one RSA-2048 signature: 264 bytes, as delta_generator');
  });

  test('a streamed source in odd chunks gives the same bytes as random access; a second build the same bytes (deterministic)', async () => {
    const a = await build(image);
    const b = await build(chunked(image, [1, 4096, 700_001, 3 * MiB]), { parallel: 1 });
    const c = await build(image, { parallel: 8 });
    assert.equal(hex(b.payload), hex(a.payload));
    assert.equal(hex(c.payload), hex(a.payload));
    assert.deepEqual(b.r, a.r);
  });

  test('two keys: versions 1 and 2; the second key verifies, the first alone gives 18', async () => {
    assert.deepEqual(signatureVersions(1), [2]);
    assert.deepEqual(signatureVersions(2), [1, 2]);
    const { payload, r } = await build(image, { signers: [signer1, signer2] });
    assert.deepEqual(r.signatures, [
      { version: 1, bytes: 256 },
      { version: 2, bytes: 256 },
    ]);
    assert.equal(r.signaturesSize, 528, 'two RSA-2048 signatures: 528 bytes, as delta_generator');
    const ok = await verifyPayload(chunked(payload), { crypto: nodePayloadCrypto, publicKeyPem: key2.publicPem });
    assert.ok(ok.ok && ok.signatureVerified, ok.ok ? '' : ok.message);
    const first = await verifyPayload(chunked(payload), { crypto: nodePayloadCrypto, publicKeyPem: key1.publicPem });
    assert.equal(first.ok ? 0 : first.code, 18);
  });

  test('an image whose size is not a multiple of 4096 is refused (random access before reading, a stream at its end)', async () => {
    const odd = image.subarray(0, 4096 * 3 + 100);
    await assert.rejects(
      build(odd),
      (e: unknown) => e instanceof AppError && e.code === 'INPUT_INVALID' && /not a multiple of 4096/.test(e.message),
    );
    await assert.rejects(build(chunked(odd)), (e: unknown) => e instanceof AppError && e.code === 'INPUT_INVALID');
    await assert.rejects(build(new Uint8Array(0)), (e: unknown) => e instanceof AppError && /empty/.test(e.message));
    await assert.rejects(build(image, { signers: [] }), (e: unknown) => e instanceof AppError && e.code === 'USAGE');
    await assert.rejects(
      build(image, { kernel: chunked(new Uint8Array(0)) }),
      (e: unknown) => e instanceof AppError && /kernel file is empty/.test(e.message),
    );
  });

  test('a failing compressor fails the build with its error, and nothing is left unhandled', async () => {
    let calls = 0;
    const failing = {
      compress: async (d: Uint8Array) =>
        ++calls === 2 ? Promise.reject(new AppError('PAYLOAD_TOOL_FAILED', 'bzip2 broke')) : bzip2Process().compress(d),
    };
    await assert.rejects(build(image, { bzip2: failing }), /bzip2 broke/);
  });

  test('a missing bzip2 is PAYLOAD_TOOL_FAILED with the install command', async () => {
    await assert.rejects(
      bzip2Process('hull-no-such-bzip2').compress(new Uint8Array(10)),
      (e: unknown) =>
        e instanceof AppError && e.code === 'PAYLOAD_TOOL_FAILED' && /apt-get install bzip2/.test(e.message),
    );
  });

  test('signer keys: a public key, a non-RSA key and garbage are INPUT_INVALID', () => {
    assert.throws(
      () => rsaPayloadSigner(key1.publicPem, 'pub.pem'),
      (e: unknown) => e instanceof AppError && e.code === 'INPUT_INVALID' && /public key/.test(e.message),
    );
    assert.throws(
      () => rsaPayloadSigner('hello', 'x.pem'),
      (e: unknown) => e instanceof AppError && e.code === 'INPUT_INVALID' && /not a PEM private key/.test(e.message),
    );
    const ec = execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], {
      encoding: 'utf8',
    });
    assert.throws(
      () => rsaPayloadSigner(ec, 'ec.pem'),
      (e: unknown) => e instanceof AppError && /RSA/.test(e.message),
    );
    const s: PayloadSigner = signer1;
    assert.equal(s.signatureSize, 256);
  });
});
