/**
 * BlockDevice adapters: image files (sparse: only written sectors take space)
 * and raw block devices such as /dev/loop0 (size from /sys/class/block).
 */
import { constants, type Stats } from 'node:fs';
import { open, readFile, realpath, stat, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../core/index.js';
import type { BlockDevice } from '../../disk/index.js';
import { errnoText } from '../node/index.js';

class FileBlockDevice implements BlockDevice {
  constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    private readonly path: string,
  ) {}
  async read(offset: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    await this.readInto(offset, buf);
    return buf;
  }
  async readInto(offset: number, buf: Uint8Array): Promise<void> {
    const length = buf.length;
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.fh.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) break; // past the end: the rest reads as zeros
      done += bytesRead;
    }
    if (done < length) buf.fill(0, done);
  }
  async write(offset: number, data: Uint8Array): Promise<void> {
    if (offset + data.length > this.size)
      throw new AppError('IO_FAILED', `${this.path}: write past the end of the device`);
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.fh.write(data, done, data.length - done, offset + done);
      done += bytesWritten;
    }
  }
  async flush(): Promise<void> {
    await this.fh.sync();
  }
  async close(): Promise<void> {
    await this.fh.close();
  }
}

export interface OpenedDevice extends BlockDevice {
  close(): Promise<void>;
}

function ioError(path: string, err: unknown, opts: { creating?: boolean } = {}): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return notAnImage(path, 'a directory');
  if (code === 'ENXIO') return notAnImage(path, 'a socket or a device that is not there');
  // A sentence, not Node's `ENOENT: no such file or directory, stat 'x'`.
  return new AppError(code === 'ENOENT' || code === 'ENOTDIR' ? 'NOT_FOUND' : 'IO_FAILED', errnoText(path, err, opts), {
    cause: err,
  });
}

function notAnImage(path: string, what: string): AppError {
  return new AppError(
    'IMAGE_NOT_A_FILE',
    `${path} is ${what}, not a disk image (give an image file or a block device)`,
  );
}

/** What a path that is neither a regular file nor a block device is, for the message. */
function kindOf(st: Stats): string | undefined {
  if (st.isFile() || st.isBlockDevice()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  return 'not a regular file';
}

async function blockDeviceSize(path: string): Promise<number> {
  const name = basename(await realpath(path));
  const sectors = Number((await readFile(`/sys/class/block/${name}/size`, 'utf8')).trim());
  return sectors * 512;
}

/**
 * Opens an image file or a block device, read-only unless `writable`.
 * Anything else (a directory, FIFO, socket, character device) is refused with
 * IMAGE_NOT_A_FILE: it is checked before opening and again on the open file
 * (opened with O_NONBLOCK, so a FIFO swapped in meanwhile cannot make open wait
 * for a writer).
 */
export async function openDevice(path: string, opts: { writable?: boolean } = {}): Promise<OpenedDevice> {
  let fh: FileHandle;
  try {
    const kind = kindOf(await stat(path));
    if (kind) throw notAnImage(path, kind);
    fh = await open(path, (opts.writable ? constants.O_RDWR : constants.O_RDONLY) | constants.O_NONBLOCK);
  } catch (err) {
    throw err instanceof AppError ? err : ioError(path, err);
  }
  try {
    const st = await fh.stat();
    const kind = kindOf(st);
    if (kind) throw notAnImage(path, kind);
    const size = st.isBlockDevice() ? await blockDeviceSize(path) : st.size;
    return new FileBlockDevice(fh, size, path);
  } catch (err) {
    await fh.close();
    throw err instanceof AppError ? err : ioError(path, err);
  }
}

/**
/**
 * Creates a sparse image file of `size` bytes and opens it writable. An
 * existing path is refused with OUTPUT_EXISTS (the file is opened with O_EXCL,
 * so nothing is truncated, even when the file appears meanwhile) unless
 * `force`, which truncates an existing regular file. A path that exists as
 * anything else is refused either way. A size the file system cannot take
 * (ftruncate's EFBIG, or one past what Node can pass) is USAGE, naming
 * `shownPath`, and a file this call created is removed again.
 */
export async function createImage(
  path: string,
  size: number,
  opts: { force?: boolean; shownPath?: string } = {},
): Promise<OpenedDevice> {
  const shownPath = opts.shownPath ?? path;
  if (!Number.isSafeInteger(size) || size < 0) throw sizeError(shownPath, size, { code: 'ERR_OUT_OF_RANGE' });
  let fh: FileHandle;
  let existed: boolean;
  try {
    const st = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    existed = st !== undefined;
    if (st?.isBlockDevice())
      throw new AppError(
        'USAGE',
        `${path} is a block device: disk create makes image files (use cgpt add, or sgdisk, on a device)`,
      );
    if (st && !st.isFile()) throw notAnImage(path, kindOf(st)!);
    const how = opts.force ? constants.O_TRUNC : constants.O_EXCL;
    fh = await open(path, constants.O_RDWR | constants.O_CREAT | how | constants.O_NONBLOCK, 0o666).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') throw outputExists(path);
        throw err;
      },
    );
  } catch (err) {
    // The probe of checkImageSize is named as the image it stands for.
    throw err instanceof AppError ? err : ioError(shownPath, err, { creating: true });
  }
  try {
    const kind = kindOf(await fh.stat());
    if (kind) throw notAnImage(path, kind);
  } catch (err) {
    await fh.close().catch(() => {});
    throw err;
  }
  try {
    await fh.truncate(size);
    return new FileBlockDevice(fh, size, path);
  } catch (err) {
    await fh.close().catch(() => {});
    if (!existed) await unlink(path).catch(() => {});
    throw sizeError(shownPath, size, err);
  }
}

/**
 * Checks, before anything is written, that the file system where `path`
 * would be created can hold a file of `size` bytes: a sparse probe file
 * beside it is truncated to that size and removed. USAGE when it cannot.
 */
export async function checkImageSize(path: string, size: number): Promise<void> {
  const probe = join(dirname(path), `.${basename(path)}.hull-size-probe-${randomBytes(6).toString('hex')}`);
  const dev = await createImage(probe, size, { shownPath: path });
  await dev.close();
  await unlink(probe).catch(() => {});
}

function sizeError(path: string, size: number, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const shown = Number.isSafeInteger(size) ? `${size} bytes` : `${size.toExponential(3)} bytes`;
  if (code === 'EFBIG' || code === 'EINVAL' || code === 'ERR_OUT_OF_RANGE') {
    return new AppError(
      'USAGE',
      `--size: ${shown} is larger than a file at ${path} may be (${code}: the file system's or the process's file size limit); give a smaller --size`,
      { cause: err },
    );
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError('USAGE', `--size: no room for ${shown} on the file system of ${path}; give a smaller --size`, {
      cause: err,
    });
  }
  return ioError(path, err);
}

/** The refusal to replace an existing output file (docs/cli.md, "Output files"). */
export function outputExists(
  path: string,
  what = 'nothing was written (give --force to replace it, or another path)',
): AppError {
  return new AppError('OUTPUT_EXISTS', `${path} exists; ${what}`);
}

/** Removes an image file this run made (a failed `disk create`); a file already gone is fine. */
export async function removeImage(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}
