import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { rootPorts } from '../../src/adapters/provision/node-ports.js';
import { provision } from '../../src/provision/index.js';

// D64: the files stage remembers the directories it made or found for its
// files (no look at a file's parent for every file), and forgets one that an
// entry with overwrite removes; the adapter keeps directories open between
// operations, and a kept directory replaced under it is walked to again.

let work = '';
const d = (s: string) => `data:,${encodeURIComponent(s)}`;
const cfg = (storage: object) => JSON.stringify({ ignition: { version: '3.3.0' }, storage });

before(() => {
  work = mkdtempSync(join(tmpdir(), 'hull-prov-known-dirs-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

/** A target with the directory /a/b and the symlink /l -> /a/b. */
function target(name: string): string {
  const t = join(work, name);
  mkdirSync(join(t, 'a/b'), { recursive: true });
  mkdirSync(join(t, 'etc'));
  writeFileSync(join(t, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
  writeFileSync(join(t, 'etc/group'), 'root:x:0:\n');
  symlinkSync('/a/b', join(t, 'l'));
  return t;
}

test('a directory known from a file, then replaced by a file (overwrite): a file below it fails as without the memory', async () => {
  const t = target('replaced');
  // /l/x resolves to /a/b/x (so /a/b is known), /a/b then becomes a file, /a/b/y needs it as a directory again.
  const r = await provision(
    cfg({
      files: [
        { path: '/l/x', contents: { source: d('x') } },
        { path: '/a/b', overwrite: true, contents: { source: d('now a file') } },
        { path: '/a/b/y', contents: { source: d('y') } },
      ],
    }),
    rootPorts(t),
  );
  assert.equal(r.ok, false);
  const files = r.stages.find((s) => s.stage === 'files');
  assert.match(files?.error?.message ?? '', /mkdir \/a\/b: not a directory/);
  assert.equal(readFileSync(join(t, 'a/b'), 'utf8'), 'now a file');
});

test('a known directory removed and made again by a directory entry (overwrite): later files go into the new one', async () => {
  const t = target('remade');
  mkdirSync(join(t, 's'));
  symlinkSync('/a', join(t, 's/t'));
  const r = await provision(
    cfg({
      // /s/t/b (depth 3) resolves to /a/b: it comes after /l/x (depth 2) and before /a/b/z (depth 3, a file).
      directories: [{ path: '/s/t/b', overwrite: true, mode: 0o750 }],
      files: [
        { path: '/l/x', contents: { source: d('x') } },
        { path: '/a/b/z', mode: 0o600, contents: { source: d('z') } },
      ],
    }),
    rootPorts(t),
  );
  assert.equal(r.ok, true, JSON.stringify(r.stages));
  assert.equal(lstatSync(join(t, 'a/b')).mode & 0o7777, 0o750);
  assert.deepEqual([readFileSync(join(t, 'a/b/z'), 'utf8'), lstatSync(join(t, 'a/b/z')).mode & 0o7777], ['z', 0o600]);
  assert.throws(() => lstatSync(join(t, 'a/b/x')), { code: 'ENOENT' }, 'x went with the old directory');
});
