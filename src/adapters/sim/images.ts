/**
 * The images of a simulated fleet (docs/sim.md): one small ext2 /usr image
 * per release (mkfs.ext2 -d: share/flatcar/release and a health script), one
 * base disk per starting release (the Flatcar GPT layout with small
 * partitions, USR-A holding the release, USR-B empty), and one sparse image
 * per machine, a copy of its base disk's non-zero blocks. Disk bytes used are
 * the allocated blocks (st_blocks), as `du` counts them.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import { flatcarLayout, writeGpt } from '../../disk/index.js';
import { FLATCAR_APP_ID } from '../../update/index.js';
import { createImage } from '../disk/index.js';

const MiB = 1024 * 1024;
/** Each USR slot (and the image put in it): 1 MiB, ext2 with 4 KiB blocks. */
export const SIM_USR_BYTES = 1 * MiB;
/** The whole disk: the layout's partitions at 2 MiB alignment, each 1 MiB (ROOT grows to the end). */
export const SIM_DISK_BYTES = 18 * MiB;
const BLOCK = 4096;

function run(tool: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { timeout: 60_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new AppError(
          'REHEARSAL_TOOL_FAILED',
          missing
            ? `${tool} is not installed: apt-get install e2fsprogs (scripts/setup-system)`
            : `${tool} failed: ${String(stderr).trim() || err.message}`,
          { cause: err },
        ),
      );
    });
  });
}

/** An ext2 /usr image for `version` (SIM_USR_BYTES), with its release file and a health script. */
export async function makeUsrImage(dir: string, version: string): Promise<string> {
  const tree = await mkdtemp(join(dir, 'usr-tree-'));
  try {
    await mkdir(join(tree, 'share/flatcar'), { recursive: true });
    await writeFile(
      join(tree, 'share/flatcar/release'),
      `FLATCAR_RELEASE_VERSION=${version}\nFLATCAR_RELEASE_BOARD=amd64-usr\nFLATCAR_RELEASE_APPID={${FLATCAR_APP_ID}}\n`,
    );
    // The health gate's script; hull sim decides its verdict from the release's outcome instead of running it.
    await writeFile(join(tree, 'share/flatcar/health'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const img = join(dir, `usr-${version}.img`);
    await run('mkfs.ext2', [
      '-q',
      '-F',
      '-b',
      String(BLOCK),
      '-d',
      tree,
      '-E',
      'root_owner=0:0',
      img,
      `${SIM_USR_BYTES / 1024}K`,
    ]);
    return img;
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}

/** The non-zero 4 KiB blocks of a file: [offset, bytes] runs. */
export interface Extents {
  readonly size: number;
  readonly runs: ReadonlyArray<{ readonly offset: number; readonly bytes: Uint8Array }>;
}

async function readExtents(path: string): Promise<Extents> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const runs: Array<{ offset: number; bytes: Uint8Array }> = [];
    const buf = Buffer.alloc(MiB);
    for (let off = 0; off < size; off += buf.length) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - off), off);
      for (let b = 0; b < bytesRead; b += BLOCK) {
        const block = buf.subarray(b, Math.min(b + BLOCK, bytesRead));
        if (block.every((x) => x === 0)) continue;
        const last = runs[runs.length - 1];
        const at = off + b;
        if (last && last.offset + last.bytes.length === at)
          runs[runs.length - 1] = { offset: last.offset, bytes: Buffer.concat([last.bytes, block]) };
        else runs.push({ offset: at, bytes: Buffer.from(block) });
      }
    }
    return { size, runs };
  } finally {
    await fh.close();
  }
}

/** The byte offset of partition `n` in a base disk made by makeBaseDisk. */
export function layoutOf(random: (n: number) => Uint8Array): {
  table: NonNullable<Extract<ReturnType<typeof flatcarLayout>, { ok: true }>['table']>;
} {
  const r = flatcarLayout({
    sizeBytes: SIM_DISK_BYTES,
    random,
    sizes: { efi: MiB, biosBoot: MiB, usr: SIM_USR_BYTES, oem: MiB, oemConfig: MiB, rootMin: MiB },
  });
  if (!r.ok) throw new AppError('INTERNAL', `the simulated disk layout does not fit: ${r.reason}`);
  return { table: r.table };
}

/** A base disk for a release: the GPT (USR-A P1 T0 S1, USR-B P0 T0 S0) and USR-A holding `usr`; its non-zero blocks. */
export async function makeBaseDisk(
  dir: string,
  version: string,
  usr: string,
  random: (n: number) => Uint8Array,
): Promise<Extents> {
  const path = join(dir, `base-${version}.img`);
  const { table } = layoutOf(random);
  const dev = await createImage(path, SIM_DISK_BYTES, { force: true });
  try {
    await writeGpt(dev, table);
    const usrA = table.partitions.find((p) => p.number === 3)!;
    const u = await readExtents(usr);
    for (const r of u.runs) await dev.write(Number(usrA.firstLba) * table.sectorSize + r.offset, r.bytes);
    await dev.flush();
  } finally {
    await dev.close();
  }
  const e = await readExtents(path);
  await rm(path, { force: true });
  return e;
}

/** A machine's image: a sparse file of the base disk's size holding its non-zero blocks. */
export async function writeMachineImage(path: string, base: Extents): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.truncate(base.size);
    for (const r of base.runs) await fh.write(r.bytes, 0, r.bytes.length, r.offset);
  } finally {
    await fh.close();
  }
}

/** Bytes allocated under `dir` (st_blocks × 512), recursively. */
export async function diskBytesUsed(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await diskBytesUsed(p);
    else if (e.isFile()) total += (await stat(p)).blocks * 512;
  }
  return total;
}
