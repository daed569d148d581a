import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertCapHeld, runBoundedAsync } from '../helpers/bounded.js';

// A 64 MiB payload goes up and comes back down over sockets without being held
// in memory: the child's peak RSS with it is compared with the same run on 1 MiB.
const CHILD = fileURLToPath(new URL('./package-roundtrip.child.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'hull-pkgmem-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function roundTrip(t: TestContext, mib: number) {
  const r = await runBoundedAsync([String(mib), join(tmp, `data-${mib}`)], {
    entry: ['--import', 'tsx', CHILD],
    heapMiB: 48,
    timeoutMs: 90_000,
  });
  assertCapHeld(t, r, `upload and download of ${mib} MiB`);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, string | number>;
  assert.equal(out.storedSize, mib * 1024 * 1024);
  assert.equal(out.receivedBytes, mib * 1024 * 1024);
  assert.equal(out.stored, out.sent, 'the stored SHA-256 is that of the bytes sent');
  assert.equal(out.received, out.sent, 'the bytes downloaded are the bytes sent');
  return r.maxRssMiB;
}

test('a 64 MiB payload is streamed both ways: peak RSS grows far less than the file', async (t) => {
  const small = await roundTrip(t, 1);
  const big = await roundTrip(t, 64);
  t.diagnostic(`peak RSS: ${small.toFixed(0)} MiB with 1 MiB, ${big.toFixed(0)} MiB with 64 MiB`);
  // Holding the file (in either direction) would add at least 64 MiB. Streaming adds
  // only garbage awaiting collection: 64 KiB chunks, up to ~25 MiB of them seen
  // between collections (process.memoryUsage().arrayBuffers), not growing with the file.
  assert.ok(big - small < 40, `peak RSS grew by ${(big - small).toFixed(0)} MiB for 63 MiB more data`);
});
