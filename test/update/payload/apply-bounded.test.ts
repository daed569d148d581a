import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import {
  applyPayload,
  encodeHeader,
  encodeManifest,
  type ApplyTarget,
  type Operation,
} from '../../../src/update/payload/index.js';

// A 256 MiB payload (256 REPLACE blobs of 1 MiB, as delta_generator chunks) made on the
// fly and applied as a stream into a target that keeps no bytes (it answers reads with
// what was written there): the process's memory grows by far less than the payload.
const BLOBS = 256;
const MIB = 1024 * 1024;

test('applying a 256 MiB payload as a stream holds well under 100 MiB more', async () => {
  const scratch = new Uint8Array(MIB);
  const image = createHash('sha256');
  const hashes = Array.from({ length: BLOBS }, (_, i) => {
    scratch.fill(i & 255);
    image.update(scratch);
    return new Uint8Array(createHash('sha256').update(scratch).digest());
  });
  const ops: Operation[] = hashes.map((h, i) => ({
    type: 'REPLACE',
    dataOffset: i * MIB,
    dataLength: MIB,
    srcExtents: [],
    dstExtents: [{ startBlock: BigInt(i * 256), numBlocks: 256n }],
    dataSha256: h,
  }));
  const manifest = encodeManifest({
    partitionOperations: ops,
    noopOperations: [],
    blockSize: 4096,
    newPartitionInfo: { size: BigInt(BLOBS * MIB), hash: new Uint8Array(image.digest()) },
    procedures: [],
  });
  const head = Buffer.concat([encodeHeader({ version: 1n, manifestSize: BigInt(manifest.length) }), manifest]);
  async function* stream() {
    yield head;
    for (let i = 0; i < BLOBS; i++) yield new Uint8Array(MIB).fill(i & 255);
  }
  const written = new Map<number, number>(); // MiB index → its fill byte
  const target: ApplyTarget = {
    size: BLOBS * MIB + MIB,
    write: async (at, data) => {
      assert.equal(at % MIB, 0);
      assert.equal(data.length, MIB);
      written.set(at / MIB, data[0]!);
    },
    read: async (at, length) => new Uint8Array(length).fill(written.get(Math.floor(at / MIB)) ?? 0),
    flush: async () => {},
  };
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const r = await applyPayload(stream(), target, { crypto: nodePayloadCrypto });
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  assert.ok(r.ok, r.ok ? '' : `${r.code} ${r.message}`);
  assert.equal(r.bytesWritten, BLOBS * MIB);
  assert.equal(r.partition.matches, true);
  if (process.env['HULL_SHOW_RSS']) process.stderr.write(`rss grew by ${Math.round((peak - before) / MIB)} MiB\n`);
  assert.ok(peak - before < 100 * MIB, `rss grew by ${Math.round((peak - before) / MIB)} MiB`);
});
