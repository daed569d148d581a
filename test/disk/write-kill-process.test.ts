import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
  fsyncSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HULL_BIN, runHull } from '../helpers/hull.js';
import { hullInProcess } from '../helpers/in-process.js';
import { tool } from './tools.js';

// The real `hull` process killed by strace (`-e inject=SYSCALL:signal=KILL:when=N`)
// at every pwrite64 and every fsync of `hull disk next --commit`, for both
// sector sizes, and between the two copies for `cgpt add` and `cgpt
// prioritize`. After each kill the real binary's `disk verify --repair`
// leaves a table `sgdisk -v` accepts, and the slot commands work.
// (UV_THREADPOOL_SIZE=1: Node does file IO on its thread pool, and strace
// counts a syscall per thread, so one pool thread makes "the Nth pwrite64"
// the Nth write of the command.)

const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hull-killp-'));
const loops: string[] = [];
after(() => {
  for (const l of loops) spawnSync('losetup', ['-d', l]);
  rmSync(dir, { recursive: true, force: true });
});

function devicePath(ss: 512 | 4096): string {
  const img = join(dir, `p${ss}.img`);
  const r = runHull(['disk', 'create', img, '--size', '8GiB', '--sector-size', String(ss), '--force']); // each test starts from a fresh image
  assert.equal(r.status, 0, r.stderr);
  if (ss === 512) return img;
  assert.equal(
    process.getuid?.(),
    0,
    'this test needs root (losetup -b 4096); run npm test as root as the README says',
  );
  const lo = spawnSync('losetup', ['-f', '--show', '-b', '4096', img], { encoding: 'utf8' });
  assert.equal(lo.status, 0, `losetup failed: ${lo.stderr}`);
  loops.push(lo.stdout.trim());
  return lo.stdout.trim();
}

/** The GPT regions (head: LBA 0 to the first usable LBA; tail: the backup array and header), to put the disk back between runs. */
function snapshot(path: string, ss: number): () => void {
  const es = (128 * 128) / ss;
  const fd = openSync(path, 'r+');
  const st = statSync(path);
  const size = st.isBlockDevice()
    ? Number(spawnSync('blockdev', ['--getsize64', path], { encoding: 'utf8' }).stdout.trim())
    : st.size;
  const head = Buffer.alloc((2 + es) * ss);
  const tail = Buffer.alloc((1 + es) * ss);
  readSync(fd, head, 0, head.length, 0);
  readSync(fd, tail, 0, tail.length, size - tail.length);
  closeSync(fd);
  return () => {
    const w = openSync(path, 'r+');
    writeSync(w, head, 0, head.length, 0);
    writeSync(w, tail, 0, tail.length, size - tail.length);
    fsyncSync(w);
    closeSync(w);
  };
}

function killedRun(path: string, args: readonly string[], syscall: 'pwrite64' | 'fsync', n: number): void {
  const r = tool(
    'strace',
    [
      '-f',
      '-qq',
      '-o',
      '/dev/null',
      '-e',
      `trace=${syscall}`,
      '-e',
      `inject=${syscall}:signal=KILL:when=${n}`,
      process.execPath,
      HULL_BIN,
      ...args,
      path,
    ],
    {
      env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
    },
  );
  assert.ok(
    r.signal === 'SIGKILL' || r.status === 137,
    `hull ${args.join(' ')} was killed at ${syscall} #${n} (status ${r.status}, signal ${r.signal}): ${r.stderr}`,
  );
}

async function checkRecovers(path: string, what: string): Promise<void> {
  const rep = runHull(['disk', 'verify', '--repair', path]);
  assert.equal(rep.status, 0, `${what}: verify --repair: ${rep.stderr}${rep.stdout}`);
  assert.equal((await hullInProcess(['disk', 'verify', path])).status, 0, `${what}: verify after repair`);
  const v = tool('sgdisk', ['-v', path]);
  assert.equal(v.status, 0, `${what}: sgdisk -v: ${v.stdout}${v.stderr}`);
  assert.match(v.stdout, /No problems found/, `${what}: sgdisk -v`);
  for (const args of [
    ['disk', 'next', '--commit'],
    ['cgpt', 'prioritize', '-i', '4'],
    ['disk', 'mark-good'],
  ]) {
    const s = await hullInProcess([...args, path]);
    assert.equal(s.status, 0, `${what}: hull ${args.join(' ')}: ${s.stderr}`);
  }
}

/** How many times `hull ARGS` calls each syscall, counted by strace on an uninjected run. */
function count(path: string, args: readonly string[]): { pwrite64: number; fsync: number } {
  const out = join(dir, 'trace.txt');
  tool('strace', ['-f', '-qq', '-o', out, '-e', 'trace=pwrite64,fsync', process.execPath, HULL_BIN, ...args, path], {
    env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
  });
  const lines = spawnSync('cat', [out], { encoding: 'utf8' }).stdout.split('\n');
  return {
    pwrite64: lines.filter((l) => /pwrite64\(/.test(l)).length,
    fsync: lines.filter((l) => /fsync\(/.test(l)).length,
  };
}

for (const ss of [512, 4096] as const) {
  test(`hull disk next --commit killed at every pwrite64 and fsync (${ss}-byte sectors): repair settles it, sgdisk -v accepts it, slot commands work`, async () => {
    tool('strace', ['-V']);
    const path = devicePath(ss);
    assert.equal((await hullInProcess(['cgpt', 'add', '-i', '4', '-P', '2', '-T', '3', '-S', '0', path])).status, 0);
    const restore = snapshot(path, ss);
    const args = ['disk', 'next', '--commit'];
    const n = count(path, args);
    assert.deepEqual(
      n,
      { pwrite64: 4, fsync: 2 },
      'backup array, backup header, fsync, primary array, primary header, fsync',
    );
    for (const syscall of ['pwrite64', 'fsync'] as const) {
      for (let k = 1; k <= n[syscall]; k++) {
        restore();
        killedRun(path, args, syscall, k);
        await checkRecovers(path, `killed at ${syscall} #${k}`);
      }
    }
  });
}

test('cgpt add and cgpt prioritize killed between the two copies (the backup new, the primary old): the backup wins, repair and slot commands work', async () => {
  const path = devicePath(512);
  assert.equal((await hullInProcess(['cgpt', 'add', '-i', '4', '-P', '2', '-T', '3', '-S', '0', path])).status, 0);
  const restore = snapshot(path, 512);
  for (const [args, expect] of [
    [['cgpt', 'add', '-i', '4', '-T', '7'], '7'],
    [['cgpt', 'prioritize', '-i', '3'], '2'],
  ] as const) {
    restore();
    killedRun(path, args, 'pwrite64', 3);
    const v = await hullInProcess(['disk', 'verify', path]);
    assert.equal(v.status, 1);
    assert.match(v.stderr, /DISK_COPIES_DISAGREE/);
    // the newer table (the backup) is the one in use: the change is there
    const field = args[1] === 'add' ? '-T' : '-P';
    const part = args[1] === 'add' ? '4' : '3';
    assert.equal((await hullInProcess(['cgpt', 'show', '-i', part, field, path])).stdout.trim(), expect);
    await checkRecovers(path, `hull ${args.join(' ')} killed at the primary's first write`);
  }
});
