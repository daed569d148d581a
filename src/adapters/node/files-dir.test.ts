import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ctLocalReader } from '../../transpile/index.js';
import { nodeFilesDir } from './files-dir.js';

const root = mkdtempSync(join(tmpdir(), 'hull-files-dir-'));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'files', 'sub'), { recursive: true });
writeFileSync(join(root, 'files', '..x'), 'dots');
writeFileSync(join(root, 'secret'), 'outside');
symlinkSync(join(root, 'secret'), join(root, 'files', 'link'));

test('one adapter for ct and Butane: reads, escapes (lexical, through a symlink) and Go-worded failures', () => {
  const files = nodeFilesDir('files', root);
  const bytes = (r: ReturnType<typeof files.readFile>) => (r.ok ? new TextDecoder().decode(r.data) : r);
  // A name beginning with '..' is inside the directory.
  assert.equal(bytes(files.readFile('..x')), 'dots');
  assert.deepEqual(files.readFile('sub'), { ok: false, message: 'read files/sub: is a directory' });
  assert.deepEqual(files.readFile('nope'), { ok: false, message: 'open files/nope: no such file or directory' });
  assert.deepEqual(files.readFile('../secret'), {
    ok: false,
    escape: true,
    viaSymlink: false,
    message: 'local file path traverses outside the files directory',
  });
  assert.deepEqual(files.readFile('link'), {
    ok: false,
    escape: true,
    viaSymlink: true,
    message: 'local file path traverses outside the files directory',
  });
  const ct = ctLocalReader(files);
  assert.deepEqual(ct('../secret'), {
    ok: false,
    code: 'CT_LOCAL_ESCAPES',
    error: 'local file "../secret" is outside the files directory',
  });
  assert.deepEqual(ct('link'), {
    ok: false,
    code: 'CT_LOCAL_ESCAPES',
    error: 'local file "link" is outside the files directory (through a symbolic link)',
  });
  assert.deepEqual(ct('nope'), { ok: false, error: 'open files/nope: no such file or directory' });
});
