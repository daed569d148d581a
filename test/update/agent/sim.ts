/**
 * A simulated Flatcar machine for the agent's tests: a small disk image in
 * the Flatcar layout with ext2 USR slots (mkfs.ext2 -d) and a FAT EFI-SYSTEM,
 * and `hostBoot`, `hull host boot` in process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImage, openDevice } from '../../../src/adapters/disk/image-file.js';
import {
  flatcarLayout,
  getPrio,
  gptprioNext,
  readGpt,
  writeGpt,
  type GptTable,
  type Prio,
} from '../../../src/disk/index.js';
import { bootImage } from '../../../src/adapters/host/boot.js';
import type { BootRecord } from '../../../src/disk/index.js';
import { efiSystemCommands } from '../../../src/provision/image.js';

export const MiB = 1024 * 1024;
const USR_BYTES = 4 * MiB;

function need(tool: string): void {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
    throw new Error(`${tool} is missing: apt-get install -y e2fsprogs (scripts/setup-system)`);
}

/** An ext2 /usr image of `sizeMiB` with share/flatcar/release and an optional health script. */
export function makeUsr(version: string, opts: { health?: string; sizeMiB?: number } = {}): Uint8Array {
  need('mkfs.ext2');
  const dir = mkdtempSync(join(tmpdir(), 'hull-usr-'));
  try {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'share/flatcar'), { recursive: true });
    writeFileSync(
      join(tree, 'share/flatcar/release'),
      `FLATCAR_RELEASE_VERSION=${version}\nFLATCAR_RELEASE_BOARD=amd64-usr\nFLATCAR_RELEASE_APPID={e96281a6-d1af-4bde-9a0a-97b76e56dc57}\n`,
    );
    if (opts.health !== undefined) writeFileSync(join(tree, 'share/flatcar/health'), opts.health);
    const img = join(dir, 'usr.img');
    execFileSync(
      'mkfs.ext2',
      [
        '-q',
        '-F',
        '-b',
        '4096',
        '-d',
        tree,
        '-E',
        'root_owner=0:0',
        '-U',
        'clear',
        '-T',
        'default',
        img,
        `${opts.sizeMiB ?? 2}M`,
      ],
      { env: { ...process.env, E2FSPROGS_FAKE_TIME: '1700000000' } },
    );
    return new Uint8Array(readFileSync(img));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Flatcar-layout image (small partitions) with `usrA` written into USR-A (P1 T0 S1) and USR-B never written (P0 T0 S0). */
export async function makeDisk(path: string, usrA: Uint8Array): Promise<void> {
  const sizes = { efi: 2 * MiB, biosBoot: 2 * MiB, usr: USR_BYTES, oem: 2 * MiB, oemConfig: 2 * MiB, rootMin: 2 * MiB };
  const r = flatcarLayout({ sizeBytes: 32 * MiB, sizes, random: (n) => new Uint8Array(randomBytes(n)) });
  if (!r.ok) throw new Error(r.reason);
  const dev = await createImage(path, 32 * MiB);
  try {
    await writeGpt(dev, r.table);
    const a = r.table.partitions.find((p) => p.number === 3)!;
    await dev.write(Number(a.firstLba) * 512, usrA);
    await dev.flush();
  } finally {
    await dev.close();
  }
  // EFI-SYSTEM as hull disk create makes it: a FAT with flatcar/ (where the agent writes a payload's kernel).
  for (const [cmd, args] of efiSystemCommands(r.table, path)) execFileSync(cmd, args, { stdio: 'pipe' });
}

export async function table(image: string): Promise<GptTable> {
  const dev = await openDevice(image);
  try {
    return (await readGpt(dev)).table!;
  } finally {
    await dev.close();
  }
}

export async function prios(image: string): Promise<{ A: Prio; B: Prio }> {
  const t = await table(image);
  return {
    A: getPrio(t.partitions.find((p) => p.number === 3)!.attributes),
    B: getPrio(t.partitions.find((p) => p.number === 4)!.attributes),
  };
}

/** The slot GRUB would boot now (no change made), or undefined. */
export async function wouldBoot(image: string): Promise<number | undefined> {
  return gptprioNext(await table(image))?.partition.number;
}

export async function readPartition(image: string, number: number, length: number): Promise<Uint8Array> {
  const t = await table(image);
  const p = t.partitions.find((x) => x.number === number)!;
  const dev = await openDevice(image);
  try {
    return await dev.read(Number(p.firstLba) * 512, length);
  } finally {
    await dev.close();
  }
}

/** `hull host boot IMAGE --root ROOT` (docs/host.md), in process: the real boot of src/adapters/host. */
export async function hostBoot(image: string, root: string): Promise<BootRecord> {
  return (await bootImage(image, root)).record;
}
