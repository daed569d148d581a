import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import {
  decodeManifest,
  encodeManifest,
  encodeSignatures,
  readPayload,
  verifyPayload,
  type VerifyOptions,
  type VerifyResult,
} from '../../../src/update/payload/index.js';
import { buildPayload, chunked, M, PAYLOAD, PUBKEY, rsaKeys, SHA256_B64, SIZE } from './build.js';

const verify = (b: Uint8Array, o: Partial<VerifyOptions> = {}, sizes?: number[]): Promise<VerifyResult> =>
  verifyPayload(chunked(b, sizes), { crypto: nodePayloadCrypto, ...o });

function flipped(b: Uint8Array, at: number, mask = 0x01): Uint8Array {
  const c = Uint8Array.from(b);
  c[at] = (c[at] as number) ^ mask;
  return c;
}

async function refused(r: Promise<VerifyResult>, code: number, name: RegExp): Promise<void> {
  const v = await r;
  assert.equal(v.ok, false, 'expected a refusal');
  if (v.ok) return;
  assert.equal(v.code, code, v.message);
  assert.match(v.name, name);
  assert.ok(v.message.length > 10);
}

const full = { publicKeyPem: PUBKEY, expectedSize: SIZE, expectedSha256: SHA256_B64 };

describe('verifyPayload on the real delta_generator payload', () => {
  test('verifies with its key, size and sha256, in any chunking; the signed-range hash is the README one', async () => {
    for (const sizes of [[1 << 20], [13], [7, 4093, 3], [SIZE]]) {
      const v = await verify(PAYLOAD, full, sizes);
      assert.ok(v.ok, v.ok ? '' : v.message);
      assert.equal(v.size, SIZE);
      assert.equal(v.sha256, SHA256_B64);
      assert.equal(v.signedSha256, 'da0dcb3d82c7a00908de8b01b3d8c1b8c0911da2f26e3fdaaa6ede4e5b451169');
      assert.equal(v.signatureVerified, true);
      assert.equal(v.header.manifestSize, BigInt(M));
      assert.deepEqual(
        v.signatures?.map((s) => s.version),
        [2],
      );
    }
  });

  test('the reader yields header, manifest, 64 blobs, the signatures and the end, in order', async () => {
    const kinds: string[] = [];
    let offset = 0;
    for await (const ev of readPayload(chunked(PAYLOAD, [1000]), { crypto: nodePayloadCrypto })) {
      kinds.push(ev.kind);
      if (ev.kind === 'blob') {
        assert.equal(ev.operation.dataOffset, offset);
        offset += ev.data.length;
      }
      if (ev.kind === 'end') assert.deepEqual([ev.size, ev.trailing], [SIZE, 0]);
    }
    assert.deepEqual(kinds, ['header', 'manifest', ...Array(64).fill('blob'), 'signatures', 'end']);
    assert.equal(offset, 537814);
  });

  test('the manifest decodes to the fixture README values and re-encodes to the same bytes', () => {
    const bytes = PAYLOAD.subarray(20, 20 + M);
    const m = decodeManifest(bytes);
    assert.equal(m.blockSize, 4096);
    assert.equal(m.signaturesOffset, 537814n);
    assert.equal(m.signaturesSize, 264n);
    assert.equal(m.newPartitionInfo?.size, 67108864n);
    assert.equal(
      Buffer.from(m.newPartitionInfo?.hash ?? []).toString('hex'),
      '63f6f2e61dae732aaf325b7264942290c633d7cd78f6c1594ebd95dd50a59304',
    );
    assert.equal(m.partitionOperations.length, 64);
    assert.ok(m.partitionOperations.every((o) => o.type === 'REPLACE_BZ' && o.dataSha256?.length === 32));
    assert.deepEqual(
      m.noopOperations.map((o) => [o.dataOffset, o.dataLength, o.dstExtents[0]?.startBlock]),
      [[537814, 264, 2n ** 64n - 1n]],
    );
    assert.equal(m.oldPartitionInfo, undefined);
    assert.deepEqual(Buffer.from(encodeManifest(m)), Buffer.from(bytes));
  });
});

describe("tampering gives update_engine's error codes", () => {
  test('a flipped byte in the header magic: 21', () => refused(verify(flipped(PAYLOAD, 1), full), 21, /MetadataMagic/));
  test('a manifest byte made an invalid wire type: 23', async () => {
    const c = Uint8Array.from(PAYLOAD);
    c[20] = 0x0f; // field 1 with wire type 7, which protobuf does not have
    await refused(verify(c, full), 23, /ManifestParse/);
  });
  test("a flipped byte inside the first operation's data_sha256_hash in the manifest: 29", async () => {
    const m = PAYLOAD.subarray(20, 20 + M);
    const at = 20 + Buffer.from(m).indexOf(Buffer.from(decodeManifest(m).partitionOperations[0]?.dataSha256 ?? []));
    assert.ok(at > 20);
    await refused(verify(flipped(PAYLOAD, at + 5), full), 29, /OperationHashMismatch/);
  });
  test('a flipped byte in a blob: 29 (even with the whole-file sha256 fixed up)', async () => {
    const c = flipped(PAYLOAD, 20 + M + 100_000);
    const sha = (await import('node:crypto')).createHash('sha256').update(c).digest('base64');
    await refused(verify(c, { ...full, expectedSha256: sha }), 29, /OperationHashMismatch/);
  });
  test('a flipped byte in the signature: 18 (whole-file sha256 fixed up)', async () => {
    const c = flipped(PAYLOAD, SIZE - 10);
    const sha = (await import('node:crypto')).createHash('sha256').update(c).digest('base64');
    await refused(verify(c, { ...full, expectedSha256: sha }), 18, /PubKeyVerification/);
  });
  test('another key: 18; a file that is no key at all: 18', async () => {
    await refused(verify(PAYLOAD, { ...full, publicKeyPem: rsaKeys().publicPem }), 18, /PubKeyVerification/);
    await refused(verify(PAYLOAD, { ...full, publicKeyPem: 'not a key' }), 18, /PubKeyVerification/);
  });
  test('a truncated file: 11 with the expected size; without one, 11 saying where it ends', async () => {
    const t = PAYLOAD.subarray(0, SIZE - 100);
    await refused(verify(t, full), 11, /SizeMismatch/);
    const v = await verify(t);
    assert.ok(
      !v.ok && v.code === 11 && /ends after 541397 bytes, inside the signature blob/.test(v.message),
      v.ok ? 'ok' : v.message,
    );
    const v2 = await verify(PAYLOAD.subarray(0, 10));
    assert.ok(!v2.ok && v2.code === 11 && /inside the header/.test(v2.message), v2.ok ? 'ok' : v2.message);
  });
  test('a size or sha256 other than expected: 11, then 10 (size first)', async () => {
    await refused(verify(PAYLOAD, { ...full, expectedSize: SIZE - 1 }), 11, /SizeMismatch/);
    await refused(verify(PAYLOAD, { ...full, expectedSha256: 'A'.repeat(43) + '=' }), 10, /PayloadHashMismatch/);
    await refused(
      verify(PAYLOAD, { ...full, expectedSize: SIZE + 1, expectedSha256: 'A'.repeat(43) + '=' }),
      11,
      /SizeMismatch/,
    );
  });
  test('a signature with version 1 only, or none at all, with a key: 17; without a key it verifies', async () => {
    const sigs = encodeSignatures([{ version: 1, data: PAYLOAD.subarray(SIZE - 256) }]);
    assert.equal(sigs.length, 264);
    const v1 = Buffer.concat([PAYLOAD.subarray(0, SIZE - 264), sigs]);
    await refused(verify(v1, { publicKeyPem: PUBKEY }), 17, /SignedDeltaPayloadExpected/);
    const { privateKey } = rsaKeys();
    const unsigned = buildPayload([new Uint8Array(10).fill(1)], privateKey, (m) => {
      const { signaturesOffset: _o, signaturesSize: _s, ...rest } = m;
      return { ...rest, noopOperations: [] };
    });
    await refused(
      verify(unsigned.subarray(0, unsigned.length - 264), { publicKeyPem: PUBKEY }),
      17,
      /SignedDeltaPayloadExpected/,
    );
    assert.ok((await verify(unsigned.subarray(0, unsigned.length - 264))).ok);
  });
  test('an operation without its hash: 38; data not at the running offset: 28', async () => {
    const { privateKey, publicPem } = rsaKeys();
    const blobs = [new Uint8Array(5000).fill(7), new Uint8Array(300).fill(9)];
    assert.ok((await verify(buildPayload(blobs, privateKey), { publicKeyPem: publicPem })).ok);
    const noHash = buildPayload(blobs, privateKey, (m) => {
      const [first, ...rest] = m.partitionOperations;
      const { dataSha256: _h, ...bare } = first!;
      return { ...m, partitionOperations: [bare, ...rest] };
    });
    await refused(verify(noHash, { publicKeyPem: publicPem }), 38, /HashMissing/);
    const moved = buildPayload(blobs, privateKey, (m) => ({
      ...m,
      partitionOperations: m.partitionOperations.map((o, i) => (i === 1 ? { ...o, dataOffset: 4999 } : o)),
    }));
    await refused(verify(moved, { publicKeyPem: publicPem }), 28, /OperationExecution/);
    const shortSigOffset = buildPayload(blobs, privateKey, (m) => ({ ...m, signaturesOffset: 5000n }));
    await refused(verify(shortSigOffset, { publicKeyPem: publicPem }), 28, /OperationExecution/);
  });
  test('a manifest larger than the cap is refused with 23 before it is read', async () => {
    const c = Uint8Array.from(PAYLOAD);
    new DataView(c.buffer).setBigUint64(12, 1n << 40n, false);
    await refused(verify(c), 23, /ManifestParse/);
    await refused(verify(PAYLOAD, { maxManifestBytes: 1000 }), 23, /ManifestParse/);
  });
});

describe('procedures', () => {
  test("a KERNEL procedure's blobs follow the partition's; noops are not read as operations; the other order is 28", async () => {
    const { privateKey, publicPem } = rsaKeys();
    const blobs = [new Uint8Array(4096).fill(1), new Uint8Array(100).fill(2), new Uint8Array(777).fill(3)];
    const withKernel = buildPayload(blobs, privateKey, (m) => ({
      ...m,
      partitionOperations: m.partitionOperations.slice(0, 2),
      procedures: [
        {
          type: 'KERNEL',
          operations: m.partitionOperations.slice(2),
          newInfo: { size: 777n, hash: m.partitionOperations[2]!.dataSha256! },
        },
      ],
      noopOperations: [
        { ...m.partitionOperations[2]!, dstExtents: [{ startBlock: 2n ** 64n - 1n, numBlocks: 1n }] },
        ...m.noopOperations,
      ],
    }));
    const v = await verify(withKernel, { publicKeyPem: publicPem });
    assert.ok(v.ok, v.ok ? '' : v.message);
    const places: string[] = [];
    for await (const ev of readPayload(chunked(withKernel), { crypto: nodePayloadCrypto })) {
      if (ev.kind === 'blob') places.push(`${ev.place.procedure ?? 'p'}:${ev.place.index}`);
    }
    assert.deepEqual(places, ['p:0', 'p:1', '0:0']);
    const kernelFirst = buildPayload(blobs, privateKey, (m) => ({
      ...m,
      partitionOperations: m.partitionOperations.slice(1),
      procedures: [{ type: 'KERNEL', operations: m.partitionOperations.slice(0, 1) }],
    }));
    await refused(verify(kernelFirst, { publicKeyPem: publicPem }), 28, /OperationExecution/);
  });
});
