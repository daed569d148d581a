/**
 * An image file as a provisioning target: the GPT is read and checked (or, for
 * a new image, the Flatcar layout is made with src/disk), and a private
 * staging root directory (staging.ts) holds the tree until the filesystems
 * are made. A new image is built in a temporary file beside it
 * (`.NAME.hull-new-PID`) that `commit()` links to its name once the run has
 * succeeded (never over a file that appeared meanwhile); `close()` removes the
 * staging directory and that temporary file, so a failed run leaves no image.
 */
import { existsSync } from 'node:fs';
import { link, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pid } from 'node:process';
import { AppError, type Issue } from '../../core/index.js';
import { blockingIssues, flatcarLayout, readGpt, writeGpt, writeOptionsFor, type GptTable } from '../../disk/index.js';
import type { ImageTarget, ProvisionPorts } from '../../provision/index.js';
import { checkImageSize, createImage, openDevice, outputExists, randomBytes } from '../disk/index.js';
import { rootPorts } from './node-ports.js';
import { makeStaging } from './staging.js';

export interface OpenedImageTarget {
  readonly target: ImageTarget;
  readonly ports: ProvisionPorts;
  /** True when the image is new: its table is written by the disks stage. */
  readonly created: boolean;
  /** After a successful run: gives a new image its name (OUTPUT_EXISTS if that name was taken meanwhile). */
  commit(): Promise<void>;
  /** Removes the staging directory, and a new image's temporary file unless committed. */
  close(): Promise<void>;
}

function unusable(image: string, issues: readonly Issue[]): AppError {
  const shown = issues.slice(0, 5).map((i) => `${i.code}: ${i.message}`);
  if (issues.length > shown.length)
    shown.push(`and ${issues.length - shown.length} more (hull disk verify ${image} lists them)`);
  return new AppError(
    'PROVISION_IMAGE_INVALID',
    `${image}: the image's GPT cannot be used, nothing was written: ${shown.join('; ')}`,
  );
}

/**
 * Opens `image` for provisioning. An existing image must hold a GPT that fits
 * it: no valid copy, a truncated image, or partitions outside the disk or
 * overlapping are refused (PROVISION_IMAGE_INVALID) before anything is made;
 * a damaged copy, or copies that disagree, are recovered when the table is
 * written (docs/disk.md).
 */
export async function openImageTarget(
  image: string,
  opts: { size?: number; layout?: 'flatcar'; name?: string } = {},
): Promise<OpenedImageTarget> {
  let table: GptTable;
  let source: 'primary' | 'backup' = 'primary';
  let created = false;
  if (!existsSync(image)) {
    if (opts.size === undefined)
      throw new AppError('USAGE', `${image} does not exist: give --size (and --layout flatcar) to create it`);
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
      const blocking = blockingIssues(r.issues);
      if (!r.table || !r.source || blocking.length > 0) {
        // what blocks first, then the copy damage that explains it
        throw unusable(image, [
          ...blocking,
          ...r.issues.filter((i) => i.severity === 'error' && !blocking.includes(i)),
        ]);
      }
      table = r.table;
      source = r.source;
    } finally {
      await dev.close();
    }
  }
  let read = { table, source };
  // A new image is built under a temporary name beside it, so a failed or killed run leaves no half-made image under its name.
  const work = created ? join(dirname(image), `.${basename(image)}.hull-new-${pid}`) : image;
  if (created) await unlink(work).catch(() => undefined);
  const staging = await makeStaging();
  return {
    target: {
      image: work,
      name: opts.name ?? image,
      table,
      scratchFile: join(staging.dir, 'swap.img'),
      isNew: created,
      random: (n) => randomBytes(n),
      read: async (offset, length) => {
        if (!existsSync(work)) return new Uint8Array(length);
        const dev = await openDevice(work, { writable: false });
        try {
          return await dev.read(offset, length);
        } finally {
          await dev.close();
        }
      },
      writeTable: async (t: GptTable) => {
        const fresh = created && !existsSync(work);
        const dev = fresh
          ? await createImage(work, Number(t.totalSectors) * t.sectorSize)
          : await openDevice(work, { writable: true });
        try {
          await writeGpt(dev, t, fresh ? {} : writeOptionsFor(read));
          read = { table: t, source: 'primary' };
        } finally {
          await dev.close();
        }
      },
    },
    ports: rootPorts(staging.root),
    created,
    commit: async () => {
      if (!created || !existsSync(work)) return;
      // link, not rename: it fails when the name exists, so a file made there meanwhile is never replaced
      await link(work, image).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST'
          ? outputExists(
              image,
              'it appeared while the new image was made, and is left as it is; the new image was discarded',
            )
          : new AppError('IO_FAILED', `${image}: cannot give the new image its name: ${err.message}`, { cause: err });
      });
      await unlink(work);
    },
    close: async () => {
      if (created) await unlink(work).catch(() => undefined);
      await staging.remove();
    },
  };
}
