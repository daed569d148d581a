import assert from 'node:assert/strict';
import { constants, createHash, privateEncrypt } from 'node:crypto';
import { test } from 'node:test';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import {
  encodeHeader,
  encodeManifest,
  encodeSignatures,
  verifyPayload,
  type Operation,
} from '../../../src/update/payload/index.js';
import { rsaKeys } from './build.js';

// A 256 MiB payload (256 blobs of 1 MiB, as delta_generator chunks) is made on the fly
// and verified as a stream: the process's memory grows by far less than the payload.
const BLOBS = 256;
const MIB = 1024 * 1024;
const blob = (i: number) => new Uint8Array(MIB).fill(i & 255);

test('verifying a 256 MiB payload as a stream holds well under 100 MiB more', async () => {
  const { privateKey, publicPem } = rsaKeys();
  const scratch = new Uint8Array(MIB); // hashed in place: no garbage before the baseline
  const hashes = Array.from(
    { length: BLOBS },
    (_, i) =>
      new Uint8Array(
        createHash('sha256')
          .update(scratch.fill(i & 255))
          .digest(),
      ),
  );
  const ops: Operation[] = hashes.map((h, i) => ({
    type: 'REPLACE',
    dataOffset: i * MIB,
    dataLength: MIB,
    srcExtents: [],
    dstExtents: [{ startBlock: BigInt(i * 256), numBlocks: 256n }],
    dataSha256: h,
  }));
  const sigSize = encodeSignatures([{ version: 2, data: new Uint8Array(256) }]).length;
  const manifest = encodeManifest({
    partitionOperations: ops,
    noopOperations: [],
    blockSize: 4096,
    signaturesOffset: BigInt(BLOBS * MIB),
    signaturesSize: BigInt(sigSize),
    procedures: [],
  });
  const head = Buffer.concat([encodeHeader({ version: 1n, manifestSize: BigInt(manifest.length) }), manifest]);
  const signer = createHash('sha256').update(head);
  for (let i = 0; i < BLOBS; i++) signer.update(scratch.fill(i & 255));
  // PKCS#1 v1.5 over the precomputed SHA-256's DigestInfo, as Flatcar's signer does (sign() would need the signed range whole).
  const digestInfo = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), signer.digest()]);
  const sig = privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo);
  async function* stream() {
    yield head;
    for (let i = 0; i < BLOBS; i++) yield blob(i);
    yield encodeSignatures([{ version: 2, data: sig }]);
  }
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const r = await verifyPayload(stream(), {
    crypto: nodePayloadCrypto,
    publicKeyPem: publicPem,
    expectedSize: head.length + BLOBS * MIB + sigSize,
  });
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  assert.ok(r.ok, r.ok ? '' : `${r.code} ${r.message}`);
  assert.equal(r.signatureVerified, true);
  if (process.env['HULL_SHOW_RSS']) process.stderr.write(`rss grew by ${Math.round((peak - before) / MIB)} MiB\n`);
  assert.ok(peak - before < 100 * MIB, `rss grew by ${Math.round((peak - before) / MIB)} MiB`);
});
