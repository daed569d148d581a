import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertCapHeld, runBounded } from '../../helpers/bounded.js';
import { REPO } from '../../helpers/hull.js';

// `hull payload build` of a 512 MiB image (sparse, with 24 MiB of noise that bzip2 cannot
// shrink, spread over it) under the 512 MiB memory cgroup: the process's peak RSS stays
// well under 100 MiB, since neither the image nor the payload is ever held.
const MiB = 1024 * 1024;
const SIZE = 512 * MiB;

test('building a 512 MiB image keeps the peak RSS well under 100 MiB', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hull-build-bounded-'));
  try {
    const img = join(dir, 'usr.img');
    const fd = openSync(img, 'w');
    const chunk = new Uint8Array(MiB);
    for (let i = 0; i < 24; i++) {
      for (let at = 0; at < MiB; at += 32) chunk.set(createHash('sha256').update(`noise ${i} ${at}`).digest(), at);
      writeSync(fd, chunk, 0, MiB, i * 21 * MiB);
    }
    writeSync(fd, new Uint8Array(1), 0, 1, SIZE - 1); // the last byte: the file is 512 MiB, mostly holes
    closeSync(fd);
    const out = join(dir, 'update.gz');
    const r = runBounded(
      [
        '-o',
        'json',
        'payload',
        'build',
        '--usr',
        img,
        '--key',
        join(REPO, 'test/fixtures/update/real-payload/test-key2.pem'),
        '-o',
        out,
      ],
      { timeoutMs: 180_000 },
    );
    assertCapHeld(t, r, 'payload build of 512 MiB');
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout).result;
    assert.equal(res.partition.size, SIZE);
    assert.equal(res.partition.operations, 512);
    assert.ok(res.partition.operationsByType.REPLACE >= 24, JSON.stringify(res.partition.operationsByType));
    assert.equal(statSync(out).size, res.size);
    assert.equal(createHash('sha256').update(readFileSync(out)).digest('hex'), res.sha256Hex);
    t.diagnostic(
      `payload ${(res.size / MiB).toFixed(1)} MiB; peak RSS ${r.maxRssMiB.toFixed(0)} MiB; wall ${(r.wallMs / 1000).toFixed(1)} s`,
    );
    assert.ok(r.maxRssMiB < 100, `peak RSS ${r.maxRssMiB.toFixed(0)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
