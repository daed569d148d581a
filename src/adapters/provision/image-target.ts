/**
 * An image file as a provisioning target: the GPT is read (or, for a new
 * image, the Flatcar layout is written with src/disk), and a private staging
 * root directory in the system's temporary directory holds the tree until the
 * filesystems are made. `close()` removes the staging directory.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import { flatcarLayout, readGpt, writeGpt, type GptTable } from '../../disk/index.js';
import type { ImageTarget, ProvisionPorts } from '../../provision/index.js';
import { checkImageSize, createImage, openDevice } from '../disk/image-file.js';
import { randomBytes } from '../disk/random.js';
import { rootPorts } from './node-ports.js';

export interface OpenedImageTarget {
  readonly target: ImageTarget;
  readonly ports: ProvisionPorts;
  /** True when the image is new: its table is written by the disks stage. */
  readonly created: boolean;
  close(): Promise<void>;
}

export async function openImageTarget(image: string, opts: { size?: number; layout?: 'flatcar' } = {}): Promise<OpenedImageTarget> {
  let table: GptTable;
  let created = false;
  if (!existsSync(image)) {
    if (opts.size === undefined) throw new AppError('USAGE', `${image} does not exist: give --size (and --layout flatcar) to create it`);
    const r = flatcarLayout({ sizeBytes: opts.size, random: (n) => randomBytes(n) });
    if (!r.ok) throw new AppError('USAGE', r.reason);
    // The image is written by the disks stage: refuse a size its file system cannot take now.
    await checkImageSize(image, Number(r.table.totalSectors) * r.table.sectorSize);
    table = r.table;
    created = true;
  } else {
    const dev = await openDevice(image, { writable: false });
    try {
      const r = await readGpt(dev);
      if (!r.table) throw new AppError('INPUT_INVALID', `${image}: no valid GPT (create one with hull disk create, or give a new file name with --size)`);
      table = r.table;
    } finally {
      await dev.close();
    }
  }
  const scratch = await mkdtemp(join(tmpdir(), 'hull-image-'));
  const staging = join(scratch, 'root');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(staging);
  await chmod(staging, 0o755);
  return {
    target: {
      image,
      table,
      scratchFile: join(scratch, 'swap.img'),
      isNew: created,
      random: (n) => randomBytes(n),
      writeTable: async (t: GptTable) => {
        const dev = created && !existsSync(image) ? await createImage(image, Number(t.totalSectors) * t.sectorSize) : await openDevice(image, { writable: true });
        try {
          await writeGpt(dev, t);
        } finally {
          await dev.close();
        }
      },
    },
    ports: rootPorts(staging),
    created,
    close: () => rm(scratch, { recursive: true, force: true }),
  };
}
