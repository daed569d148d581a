import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runHull } from '../helpers/hull.js';
import { hullInProcess } from '../helpers/in-process.js';

// A directory, FIFO, socket or character device given as a disk image is a
// clear IMAGE_NOT_A_FILE (exit 2) from every `hull disk` and `hull cgpt`
// subcommand: never INTERNAL, and a FIFO never makes Hull wait for a writer.

const dir = mkdtempSync(join(tmpdir(), 'hull-notimg-'));
let sock: Server;
const paths: Record<string, string> = {
  directory: join(dir, 'a-dir'),
  FIFO: join(dir, 'a-fifo'),
  socket: join(dir, 'a-socket'),
  'character device': '/dev/null',
};
before(async () => {
  mkdirSync(paths.directory!);
  assert.equal(spawnSync('mkfifo', [paths.FIFO!]).status, 0);
  sock = createServer();
  await new Promise<void>((resolve) => sock.listen(paths.socket, resolve));
});
after(() => {
  sock.close();
  rmSync(dir, { recursive: true, force: true });
});

const COMMANDS = [
  ['disk', 'show'],
  ['disk', 'verify', '--repair'],
  ['disk', 'next', '--commit'],
  ['disk', 'mark-good'],
  ['disk', 'rollback'],
  ['disk', 'create', '--size', '8GiB'],
  ['cgpt', 'show'],
  ['cgpt', 'add', '-i', '4', '-T', '1'],
  ['cgpt', 'prioritize', '-i', '3'],
  ['cgpt', 'find', '-l', 'ROOT'],
  ['cgpt', 'next'],
  ['cgpt', 'boot', '-p'],
  ['host', 'boot', '--root', join(tmpdir(), 'hull-not-an-image-root')],
];

for (const [kind, path] of Object.entries(paths)) {
  test(`a ${kind} as the image: IMAGE_NOT_A_FILE from every disk, cgpt and host subcommand`, async () => {
    for (const args of COMMANDS) {
      const at = (args[0] === 'disk' && args[1] === 'create') || args[0] === 'host' ? 2 : args.length;
      const argv = ['-o', 'json', ...args.slice(0, at), path, ...args.slice(at)];
      const r = await hullInProcess(argv);
      assert.equal(r.status, 2, `hull ${argv.join(' ')}: ${r.stderr}`);
      assert.equal(
        (JSON.parse(r.stderr) as { error: { code: string } }).error.code,
        'IMAGE_NOT_A_FILE',
        `hull ${argv.join(' ')}`,
      );
    }
  });
}

test('the real binary: a directory and a FIFO are clear errors, at once', () => {
  for (const [kind, path] of [
    ['a directory', paths.directory!],
    ['a FIFO (named pipe)', paths.FIFO!],
  ] as const) {
    const t0 = performance.now();
    const r = runHull(['disk', 'show', path]);
    assert.ok(performance.now() - t0 < 10_000, 'no wait');
    assert.equal(r.status, 2, r.stderr);
    assert.equal(
      r.stderr.split('\n')[0],
      `hull: error IMAGE_NOT_A_FILE: ${path} is ${kind}, not a disk image (give an image file or a block device)`,
    );
  }
});
