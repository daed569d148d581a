import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runHull } from '../helpers/hull.js';
import { hullInProcess } from '../helpers/in-process.js';

// `hull payload inspect|verify` on the real delta_generator payload (test/fixtures/update/payload-signed.md).
const PAYLOAD = 'test/fixtures/update/payload-signed.bin';
const KEY = 'test/fixtures/update/test-key.pub.pem';
const SHA = 'VZiaLsG5SbrBupR716+7vc3vkVqnaQ/ZlUwaVQ6UxEE=';
const dir = mkdtempSync(join(tmpdir(), 'hull-payload-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('hull payload', () => {
  test('inspect -o json: the fixture README values in the envelope', async () => {
    const r = await hullInProcess(['-o', 'json', 'payload', 'inspect', PAYLOAD]);
    assert.equal(r.status, 0, r.stderr);
    const e = JSON.parse(r.stdout);
    assert.equal(e.ok, true);
    assert.equal(e.error, null);
    assert.deepEqual(e.result.header, { magic: 'CrAU', version: '1', manifestSize: 3399, metadataSize: 3419 });
    assert.equal(e.result.manifest.blockSize, 4096);
    assert.deepEqual(e.result.manifest.newPartitionInfo, {
      size: '67108864',
      sha256: '63f6f2e61dae732aaf325b7264942290c633d7cd78f6c1594ebd95dd50a59304',
    });
    assert.deepEqual(e.result.manifest.operationsByType, { REPLACE_BZ: 64 });
    assert.equal(e.result.manifest.noopOperations, 1);
    assert.deepEqual(e.result.manifest.procedures, []);
    assert.equal(e.result.manifest.signaturesOffset, '537814');
    assert.equal(e.result.manifest.signaturesSize, '264');
    assert.deepEqual(e.result.signatures, [{ version: 2, bytes: 256 }]);
    assert.equal(e.result.size, 541497);
    assert.equal(e.result.sha256, SHA);
  });

  test('inspect as text names the manifest, partition and signatures', async () => {
    const r = await hullInProcess(['payload', 'inspect', PAYLOAD]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /manifest 3399 bytes \(metadata 3419\)/);
    assert.match(r.stdout, /new partition: 67108864 bytes, sha256 63f6f2e6/);
    assert.match(r.stdout, /operations: 64 \(REPLACE_BZ 64\)/);
    assert.match(r.stdout, /signatures: offset 537814, size 264; version 2 \(256 bytes\)/);
  });

  test('verify with key, size and sha256: exit 0 (the real binary)', () => {
    const r = runHull(['payload', 'verify', PAYLOAD, '--pubkey', KEY, '--size', '541497', '--sha256', SHA]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ok \(541497 bytes.*signature version 2\)/);
  });

  test("verify refusals exit 1 with update_engine's code and name", async () => {
    const bad = join(dir, 'blob-flipped.bin');
    const b = readFileSync(PAYLOAD);
    b[20 + 3399 + 5000] = (b[20 + 3399 + 5000] as number) ^ 0xff;
    writeFileSync(bad, b);
    const r = await hullInProcess(['-o', 'json', 'payload', 'verify', bad, '--pubkey', KEY]);
    assert.equal(r.status, 1, r.stderr);
    const e = JSON.parse(r.stdout);
    assert.equal(e.ok, false);
    assert.equal(e.result.code, 29);
    assert.equal(e.result.name, 'kActionCodeDownloadOperationHashMismatch');
    assert.equal(e.issues[0].updateEngineCode, 29);

    const size = await hullInProcess(['payload', 'verify', PAYLOAD, '--size', '1']);
    assert.equal(size.status, 1);
    assert.match(size.stdout, /error 11 \(kActionCodePayloadSizeMismatchError\)/);
    const sha = await hullInProcess(['payload', 'verify', PAYLOAD, '--sha256', 'A'.repeat(43) + '=']);
    assert.equal(sha.status, 1);
    assert.match(sha.stdout, /error 10 \(kActionCodePayloadHashMismatchError\)/);
    // inspect still shows the header and manifest read before the bad blob
    const inspectBad = await hullInProcess(['payload', 'inspect', bad]);
    assert.equal(inspectBad.status, 1);
    assert.match(
      inspectBad.stdout,
      /refused before its end[\s\S]*operations: 64 \(REPLACE_BZ 64\)[\s\S]*error 29 \(kActionCodeDownloadOperationHashMismatch\)/,
    );
    const inspectBadJson = JSON.parse((await hullInProcess(['-o', 'json', 'payload', 'inspect', bad])).stdout);
    assert.equal(inspectBadJson.ok, false);
    assert.equal(inspectBadJson.result.code, 29);
    assert.equal(inspectBadJson.result.manifest.signaturesOffset, '537814');
    const magic = join(dir, 'magic.bin');
    writeFileSync(magic, Buffer.concat([Buffer.from('CrAX'), readFileSync(PAYLOAD).subarray(4)]));
    const m = JSON.parse((await hullInProcess(['-o', 'json', 'payload', 'inspect', magic])).stdout);
    assert.deepEqual([m.ok, m.result.code, m.result.manifest], [false, 21, undefined]);
  });

  test('usage mistakes are USAGE, a missing file NOT_FOUND; no stack traces', async () => {
    const s = await hullInProcess(['-o', 'json', 'payload', 'verify', PAYLOAD, '--size', 'big']);
    assert.equal(JSON.parse(s.stderr).error.code, 'USAGE');
    const h = await hullInProcess(['-o', 'json', 'payload', 'verify', PAYLOAD, '--sha256', 'abc']);
    assert.equal(JSON.parse(h.stderr).error.code, 'USAGE');
    const m = await hullInProcess(['-o', 'json', 'payload', 'inspect', join(dir, 'missing.bin')]);
    assert.equal(JSON.parse(m.stderr).error.code, 'NOT_FOUND');
    assert.doesNotMatch(m.stderr + s.stderr + h.stderr, /\n\s+at /);
  });
});
