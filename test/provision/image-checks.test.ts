import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createImage } from '../../src/adapters/disk/image-file.js';
import { usableRange, writeGpt } from '../../src/disk/index.js';
import { HULL_BIN, REPO, runHull } from '../helpers/hull.js';

// `hull provision --image` checks the image before trusting it (a truncated
// image, a table larger than the file, a directory or a FIFO are refused with
// a code, nothing written), and its staging directory (hull-image-* in the
// temporary directory) is gone after SIGTERM, and after a SIGKILL once the
// next run starts.

const work = mkdtempSync(join(tmpdir(), 'hull-img-checks-'));
const TMP = join(work, 'tmp'); // the children's TMPDIR: where their staging directories go
const minimal = join(work, 'minimal.ign');
const hanging = join(work, 'hanging.ign');
let server: Server;
let requests = 0;
before(async () => {
  mkdirSync(TMP);
  writeFileSync(minimal, JSON.stringify({ ignition: { version: '3.3.0' } }));
  // a file fetched from a server that never answers: the run waits in the files stage, its staging directory made
  // (a byte a second: the fetch's idle timeout never fires)
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'text/plain' });
    const tick = setInterval(() => res.write('x'), 1000);
    res.on('close', () => clearInterval(tick));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  writeFileSync(
    hanging,
    JSON.stringify({
      ignition: { version: '3.3.0' },
      storage: { files: [{ path: '/etc/slow', contents: { source: `http://127.0.0.1:${port}/slow` } }] },
    }),
  );
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(work, { recursive: true, force: true });
});

const env = { TMPDIR: TMP };
const staging = (): string[] =>
  readdirSync(TMP)
    .filter((n) => n.startsWith('hull-image-'))
    .sort();
const jsonError = (stderr: string): { code: string; message: string } =>
  (JSON.parse(stderr) as { error: { code: string; message: string } }).error;

test('a truncated image (the table describes more sectors than the file has) is refused: exit 1, PROVISION_IMAGE_INVALID naming DISK_TRUNCATED; nothing written', () => {
  const img = join(work, 'truncated.img');
  assert.equal(runHull(['disk', 'create', img, '--size', '8GiB']).status, 0);
  truncateSync(img, 4 * 1024 ** 3);
  const r = runHull(['-o', 'json', 'provision', '--image', img, minimal], { env });
  assert.equal(r.status, 1, r.stderr);
  const e = jsonError(r.stderr);
  assert.equal(e.code, 'PROVISION_IMAGE_INVALID');
  assert.match(e.message, /DISK_TRUNCATED/);
  assert.equal(statSync(img).size, 4 * 1024 ** 3, 'the file did not grow');
  assert.deepEqual(staging(), []);
});

test('a table whose entry array is larger than the file is refused: exit 1, PROVISION_IMAGE_INVALID (no valid GPT)', async () => {
  const img = join(work, 'big-table.img');
  const size = 64 * 1024 * 1024;
  const dev = await createImage(img, size);
  const total = BigInt(size / 512);
  const es = BigInt((131072 * 128) / 512);
  await writeGpt(dev, {
    sectorSize: 512,
    totalSectors: total,
    diskGuid: '11111111-2222-4333-8444-555555555555',
    firstUsableLba: 2n + es,
    lastUsableLba: total - 2n - es,
    entryCount: 131072,
    entrySize: 128,
    partitions: [],
  });
  await dev.close();
  assert.ok(usableRange(512, total).first < 2n + es);
  truncateSync(img, 8 * 1024 * 1024); // the 16 MiB entry arrays no longer fit
  const r = runHull(['-o', 'json', 'provision', '--image', img, minimal], { env });
  assert.equal(r.status, 1, r.stderr);
  const e = jsonError(r.stderr);
  assert.equal(e.code, 'PROVISION_IMAGE_INVALID');
  assert.match(e.message, /DISK_HEADER_FIELDS: primary entry array runs past the end of the device/);
  assert.match(e.message, /DISK_NO_VALID_GPT/);
  assert.equal(statSync(img).size, 8 * 1024 * 1024);
});

test('a directory or a FIFO as the image: IMAGE_NOT_A_FILE (exit 2) at once, no staging directory', () => {
  const d = join(work, 'dir.img');
  mkdirSync(d);
  const fifo = join(work, 'fifo.img');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  for (const path of [d, fifo]) {
    for (const extra of [[], ['--size', '8GiB']]) {
      const t0 = performance.now();
      const r = runHull(['-o', 'json', 'provision', '--image', path, ...extra, minimal], { env });
      assert.ok(performance.now() - t0 < 10_000, 'no wait on the FIFO');
      assert.equal(r.status, 2, r.stderr);
      assert.equal(jsonError(r.stderr).code, 'IMAGE_NOT_A_FILE');
    }
  }
  assert.deepEqual(staging(), []);
});

/** Starts `hull provision --image NEW --size 8GiB hanging.ign` and resolves once it waits on the server (its staging directory made). */
async function hangingRun(name: string): Promise<{ child: ChildProcess; exited: Promise<number | null>; dir: string }> {
  const before = staging();
  const seen = requests;
  const child = spawn(
    process.execPath,
    [HULL_BIN, 'provision', '--image', join(work, name), '--size', '8GiB', hanging],
    { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  const t0 = performance.now();
  while (requests === seen) {
    assert.ok(performance.now() - t0 < 30_000, `the run did not reach the server: ${err}`);
    assert.equal(child.exitCode, null, `the run ended early: ${err}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const made = staging().filter((n) => !before.includes(n));
  assert.equal(made.length, 1, 'one staging directory');
  const dir = join(TMP, made[0]!);
  assert.equal(
    readFileSync(join(dir, 'owner'), 'utf8').split(' ')[0],
    String(child.pid),
    'the owner file names the run',
  );
  return { child, exited, dir };
}

test('SIGTERM during provision --image: exit 143, the staging directory is removed', async () => {
  const run = await hangingRun('term.img');
  run.child.kill('SIGTERM');
  assert.equal(await run.exited, 143);
  assert.equal(existsSync(run.dir), false);
  assert.deepEqual(staging(), []);
});

test('a SIGKILLed run leaves its staging directory; the next run removes it, and not that of a run still going', async () => {
  const killed = await hangingRun('kill.img');
  killed.child.kill('SIGKILL');
  await killed.exited;
  assert.equal(existsSync(killed.dir), true, 'SIGKILL leaves it');
  const live = await hangingRun('live.img');
  const r = runHull(['provision', '--image', join(work, 'next.img'), '--size', '8GiB', '--dry-run', minimal], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(killed.dir), false, 'the next run removed the dead run’s directory');
  assert.equal(existsSync(live.dir), true, 'a running run’s directory stays');
  assert.deepEqual(staging(), [live.dir.slice(TMP.length + 1)], 'and the next run removed its own');
  live.child.kill('SIGTERM');
  assert.equal(await live.exited, 143);
  assert.deepEqual(staging(), []);
});
