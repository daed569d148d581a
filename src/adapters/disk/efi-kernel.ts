/**
 * The KERNEL procedure's target on a Flatcar-layout image: the file
 * `flatcar/vmlinuz-a|b` of the FAT on partition 1 (EFI-SYSTEM), where
 * update_engine writes `/boot/flatcar/vmlinuz-<slot>`. mtools reach the FAT at
 * the partition's offset (`-i IMG@@OFFSET`, as `hull disk create` formats it,
 * D31): no loop device, no mount. The operations are written into a temporary
 * file; `flush` truncates it to exactly `new_info.size` bytes (as update_engine
 * truncates the kernel file; the applier's zero padding of the last block goes),
 * copies it into the FAT (`mcopy -o`) and reads it back out, so the hash check
 * after `flush` (16) sees the bytes the FAT holds.
 *
 * Opening checks everything first: a GPT, a partition 1 that is the EFI system
 * partition and holds a FAT with a `flatcar/` folder. Else it throws
 * PayloadError 7 (update_engine's error when /boot/flatcar is missing) before a
 * byte is written anywhere.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import { detectFilesystem, readGpt, TYPE_GUIDS } from '../../disk/index.js';
import { PayloadError, type ApplyTarget } from '../../update/index.js';
import { openDevice } from './image-file.js';

export interface EfiKernelTarget extends ApplyTarget {
  /** The file in the FAT, as mtools name it (`::/flatcar/vmlinuz-b`). */
  readonly file: string;
  /** Removes the temporary files (the FAT keeps what `flush` copied). */
  close(): Promise<void>;
}

const MTOOLS_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', MTOOLS_SKIP_CHECK: '1' };

function mtool(cmd: string, args: readonly string[]): Promise<{ status: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...args], { env: MTOOLS_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => void (out.length < 65536 && (out += d.toString())));
    child.stderr.on('data', (d: Buffer) => void (out.length < 65536 && (out += d.toString())));
    child.on('error', (err) =>
      reject(
        new AppError('IO_FAILED', `cannot run ${cmd}: ${err.message} (install mtools: scripts/setup-system)`, {
          cause: err,
        }),
      ),
    );
    child.on('close', (code) => resolve({ status: code ?? 1, out: out.trim() }));
  });
}

/** Where the image's EFI-SYSTEM FAT starts, after checking it is there with `flatcar/`; PayloadError 7 when not. */
export async function efiFlatcarOffset(image: string): Promise<number> {
  const dev = await openDevice(image);
  let offset: number;
  try {
    const r = await readGpt(dev);
    if (!r.table)
      throw new PayloadError(
        7,
        `${image} has no GPT, so no EFI-SYSTEM partition to write the kernel to; nothing was written`,
      );
    const p = r.table.partitions.find((x) => x.number === 1);
    if (!p || (p.typeGuid !== TYPE_GUIDS.efi && p.name !== 'EFI-SYSTEM')) {
      throw new PayloadError(
        7,
        `${image} has no EFI-SYSTEM partition 1 (the Flatcar layout's /boot), so the kernel has nowhere to go; nothing was written`,
      );
    }
    const ss = r.table.sectorSize;
    offset = Number(p.firstLba) * ss;
    const size = Number(p.lastLba - p.firstLba + 1n) * ss;
    const fs = await detectFilesystem((o, l) => dev.read(o, l), offset, size);
    if (fs !== 'vfat') {
      throw new PayloadError(
        7,
        `${image}: EFI-SYSTEM (partition 1) holds ${fs ? `a ${fs} filesystem` : 'no filesystem'}, not a FAT with flatcar/, so /boot/flatcar/vmlinuz-* cannot be written (make images with hull disk create, which formats it); nothing was written`,
      );
    }
  } finally {
    await dev.close();
  }
  const dir = await mtool('mdir', ['-b', '-i', `${image}@@${offset}`, '::/flatcar']);
  if (dir.status !== 0) {
    throw new PayloadError(
      7,
      `${image}: the FAT on EFI-SYSTEM (partition 1) has no flatcar/ folder (/boot/flatcar on the machine; mdir: ${dir.out || `exit ${dir.status}`}); nothing was written`,
    );
  }
  return offset;
}

/**
 * The ApplyTarget for slot A or B's kernel in `image`'s EFI-SYSTEM FAT,
 * `size` bytes long (the KERNEL procedure's `new_info.size`; writes are
 * accepted up to the end of its last `blockSize` block, default 4096). Throws
 * PayloadError 7 when the FAT or its flatcar/ folder is missing, before
 * anything is written.
 */
export async function efiKernelTarget(
  image: string,
  slot: 'A' | 'B',
  size: number,
  opts: { blockSize?: number } = {},
): Promise<EfiKernelTarget> {
  if (!Number.isSafeInteger(size) || size < 0)
    throw new PayloadError(28, `a kernel of ${size} bytes cannot be written`);
  const offset = await efiFlatcarOffset(image);
  const fat = `${image}@@${offset}`;
  const file = `::/flatcar/vmlinuz-${slot.toLowerCase()}`;
  const dir = await mkdtemp(join(tmpdir(), 'hull-efi-kernel-'));
  const staged = join(dir, `vmlinuz-${slot.toLowerCase()}`);
  const readBack = join(dir, 'read-back');
  let fh: FileHandle | undefined;
  let back: FileHandle | undefined;
  try {
    fh = await open(staged, 'w+');
    await fh.truncate(size);
  } catch (err) {
    await fh?.close();
    await rm(dir, { recursive: true, force: true });
    throw new AppError(
      'IO_FAILED',
      `cannot make the kernel's temporary file in ${tmpdir()}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const staging = fh;
  // Writes may reach the end of the last block (the applier pads to it); flush cuts the file to `size`.
  const bs = opts.blockSize ?? 4096;
  const room = Math.ceil(size / bs) * bs;
  return {
    size: room,
    file,
    async read(at, length) {
      const buf = new Uint8Array(length);
      const from = back ?? staging;
      let done = 0;
      while (done < length) {
        const { bytesRead } = await from.read(buf, done, length - done, at + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf;
    },
    async write(at, data) {
      if (at + data.length > room)
        throw new PayloadError(28, `a write at ${at} of ${data.length} bytes goes past the kernel's ${size} bytes`);
      await back?.close();
      back = undefined;
      let done = 0;
      while (done < data.length) done += (await staging.write(data, done, data.length - done, at + done)).bytesWritten;
    },
    async flush() {
      await staging.truncate(size);
      await staging.sync();
      const put = await mtool('mcopy', ['-o', '-i', fat, staged, file]);
      if (put.status !== 0)
        throw new AppError(
          'IO_FAILED',
          `mcopy of the kernel into ${image} (EFI-SYSTEM ${file.slice(2)}) failed: ${put.out || `exit ${put.status}`}`,
        );
      await back?.close();
      await rm(readBack, { force: true });
      const get = await mtool('mcopy', ['-o', '-i', fat, file, readBack]);
      if (get.status !== 0)
        throw new AppError(
          'IO_FAILED',
          `reading the kernel back from ${image} (EFI-SYSTEM ${file.slice(2)}) failed: ${get.out || `exit ${get.status}`}`,
        );
      back = await open(readBack, 'r');
    },
    async close() {
      await back?.close();
      await staging.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
