import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startServer } from '../helpers/hull.js';

const tmp = mkdtempSync(join(tmpdir(), 'hull-serve-pkg-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("hull serve hosts <data-dir>/packages at /packages/…, open, with ranges; a crashed upload's temporary file is swept at start", async () => {
  const data = join(tmp, 'data');
  const id = randomUUID();
  const dir = join(data, 'packages', id);
  mkdirSync(dir, { recursive: true });
  const payload = randomBytes(10_000);
  writeFileSync(join(dir, 'flatcar_production_update.gz'), payload);
  writeFileSync(join(dir, '.upload-crashed'), 'left by a killed server');
  const old = new Date(Date.now() - 24 * 3600_000);
  utimesSync(join(dir, '.upload-crashed'), old, old);
  const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', data]);
  try {
    assert.ok(!existsSync(join(dir, '.upload-crashed')), 'swept at start');
    assert.match(server.logs(), /removed unfinished package uploads/);
    assert.equal(statSync(join(data, 'packages')).mode & 0o777, 0o755);
    const whole = await fetch(`${server.url}/packages/${id}/flatcar_production_update.gz`);
    assert.equal(whole.status, 200);
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), payload);
    const part = await fetch(`${server.url}/packages/${id}/flatcar_production_update.gz`, {
      headers: { range: 'bytes=9000-' },
    });
    assert.equal(part.status, 206);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), payload.subarray(9000));
    assert.equal((await fetch(`${server.url}/packages/${id}/.upload-crashed`)).status, 404);
  } finally {
    assert.equal((await server.stop()).code, 0, server.logs());
  }
  assert.deepEqual(readdirSync(dir), ['flatcar_production_update.gz']);
});
