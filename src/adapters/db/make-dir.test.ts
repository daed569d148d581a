import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeDir } from './make-dir.js';

test('makeDir creates missing parents with the mode and accepts an existing directory', async () => {
  const root = mkdtempSync(join(tmpdir(), 'hull-mkdir-'));
  try {
    const dir = join(root, 'a', 'b', 'c');
    await makeDir(dir, 0o700);
    assert.ok(statSync(dir).isDirectory());
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    await makeDir(dir, 0o700);
    writeFileSync(join(root, 'file'), '');
    await assert.rejects(makeDir(join(root, 'file'), 0o700), { code: 'EEXIST' });
    await assert.rejects(makeDir(join(root, 'file', 'x'), 0o700), { code: 'ENOTDIR' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("makeDir ends with the kernel's answer where mkdir -p of Node loops (/proc/x)", async () => {
  const started = Date.now();
  await assert.rejects(makeDir('/proc/x/y', 0o700), { code: 'ENOENT' });
  assert.ok(Date.now() - started < 2000);
});
