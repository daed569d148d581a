/**
 * Flatcar-layout images for tests of `hull host boot` and the agent: `hull disk
 * create` (8 GiB, sparse; EFI-SYSTEM a FAT with flatcar/), then a small ext2
 * made with `mkfs.ext2 -d` in USR-A and/or USR-B holding `share/flatcar/release`,
 * an optional `update.conf` and health script. Also a hash of a sparse file
 * that reads only its data segments.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDevice } from '../../src/adapters/disk/image-file.js';
import { readGpt } from '../../src/disk/index.js';
import { hullInProcess } from './in-process.js';

export interface SlotContent {
  readonly version: string;
  readonly board?: string;
  readonly appid?: string;
  readonly updateConf?: string;
  readonly health?: string;
  /** Size of the ext2 made in the slot (default 8 MiB). */
  readonly fsBytes?: number;
}

function need(tool: string, pkg: string): void {
  if (spawnSync('sh', ['-c', `command -v ${tool}`], { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } }).status !== 0) {
    throw new Error(`this test needs ${tool}: apt-get install ${pkg} (scripts/setup-system)`);
  }
}

/** Byte offset and size of partition `n` of an image. */
export async function partitionRange(image: string, n: number): Promise<{ offset: number; size: number }> {
  const dev = await openDevice(image);
  try {
    const t = (await readGpt(dev)).table!;
    const p = t.partitions.find((x) => x.number === n)!;
    return { offset: Number(p.firstLba) * t.sectorSize, size: Number(p.lastLba - p.firstLba + 1n) * t.sectorSize };
  } finally {
    await dev.close();
  }
}

/** Makes an ext2 with the slot's files at partition `n` of `image`. */
export async function writeSlot(image: string, n: number, c: SlotContent): Promise<void> {
  need('mkfs.ext2', 'e2fsprogs');
  const tree = mkdtempSync(join(tmpdir(), 'hull-slot-'));
  try {
    const d = join(tree, 'share', 'flatcar');
    mkdirSync(d, { recursive: true });
    const lines = [
      `FLATCAR_RELEASE_VERSION=${c.version}`,
      `FLATCAR_RELEASE_BOARD=${c.board ?? 'amd64-usr'}`,
      `FLATCAR_RELEASE_APPID=${c.appid ?? '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}'}`,
    ];
    writeFileSync(join(d, 'release'), `${lines.join('\n')}\n`);
    if (c.updateConf !== undefined) writeFileSync(join(d, 'update.conf'), c.updateConf);
    if (c.health !== undefined) writeFileSync(join(d, 'health'), c.health, { mode: 0o755 });
    const { offset } = await partitionRange(image, n);
    const kib = Math.floor((c.fsBytes ?? 8 * 1024 * 1024) / 1024);
    execFileSync('mkfs.ext2', ['-q', '-F', '-b', '4096', '-d', tree, '-E', `offset=${offset}`, image, `${kib}k`], {
      stdio: 'pipe',
    });
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

/** A fresh Flatcar-layout image with release files in the slots given. */
export async function flatcarImage(path: string, slots: { a?: SlotContent; b?: SlotContent }): Promise<string> {
  const r = await hullInProcess(['disk', 'create', path, '--size', '8GiB']);
  if (r.status !== 0) throw new Error(`hull disk create: ${r.stderr}`);
  if (slots.a) await writeSlot(path, 3, slots.a);
  if (slots.b) await writeSlot(path, 4, slots.b);
  return path;
}

/** SHA-256 over a sparse file's data segments and their places (SEEK_DATA/SEEK_HOLE through python3): equal iff the bytes are. */
export function sparseHash(path: string): string {
  need('python3', 'python3');
  const script = [
    'import os, sys, hashlib',
    'fd = os.open(sys.argv[1], os.O_RDONLY); end = os.fstat(fd).st_size; h = hashlib.sha256(); at = 0',
    'h.update(str(end).encode())',
    'while at < end:',
    '    try: s = os.lseek(fd, at, os.SEEK_DATA)',
    '    except OSError: break',
    '    e = os.lseek(fd, s, os.SEEK_HOLE); os.lseek(fd, s, os.SEEK_SET); n = e - s',
    '    while n > 0:',
    '        b = os.read(fd, min(n, 1 << 22))',
    '        if not b: break',
    '        h.update(str(s).encode()); h.update(b); s += len(b); n -= len(b)',
    '    at = e',
    'print(h.hexdigest())',
  ].join('\n');
  return execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }).trim();
}

/** SHA-256 of every file (path, mode, bytes) under a directory, for "nothing changed" checks. */
export function treeHash(dir: string): string {
  const listing = execFileSync(
    'sh',
    [
      '-c',
      'cd "$1" 2>/dev/null && find . -printf "%p %m %s\\n" | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r cat',
      'sh',
      dir,
    ],
    { maxBuffer: 64 << 20 },
  );
  return createHash('sha256').update(listing).digest('hex');
}
