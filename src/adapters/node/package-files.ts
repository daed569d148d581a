import { createHash, randomBytes } from 'node:crypto';
import { chmod, link, lstat, mkdir, open, readdir, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../core/index.js';
import { makeDir } from '../db/index.js';
import { errnoText } from './errno-text.js';
import { invalidFilename, isPackageId } from './package-names.js';

export { invalidFilename, isPackageId } from './package-names.js';

/** What a finished upload holds, hashed as it was written. */
export interface ReceivedFile {
  readonly size: number;
  /** Standard padded base64 of the SHA-1 (the Omaha `hash` attribute). */
  readonly sha1Base64: string;
  /** Lowercase hex of the SHA-256. */
  readonly sha256Hex: string;
  /** Standard padded base64 of the SHA-256 (44 characters; the postinstall `sha256` update_engine compares as text). */
  readonly sha256Base64: string;
}

/** A stored file, as the download route needs it. */
export interface StoredFile {
  /** `<package-id>/<filename>`, relative to the store's root. */
  readonly path: string;
  readonly size: number;
  readonly mtime: Date;
  /**
   * A strong validator: the inode, size and nanosecond mtime. A stored file
   * is never written in place (each upload is a new inode renamed or linked
   * into place), so the same tag means the same bytes.
   */
  readonly etag: string;
}

export interface ReceiveOptions {
  /** Bytes accepted; one more is PAYLOAD_TOO_LARGE. */
  readonly maxBytes: number;
  /** Replace a file of that name (default: CONFLICT). */
  readonly replace?: boolean;
}

/** Payload files under `<data-dir>/packages/<package-id>/<filename>` (docs/update-server.md, Hosted packages). */
export interface PackageFiles {
  /** The absolute `<data-dir>/packages` directory. */
  readonly root: string;
  /**
   * Streams `body` into a temporary `.upload-<random>` file beside the target,
   * hashing it, then fsyncs and moves it into place. Over `maxBytes`, on an
   * error of the body (a client gone) or of the disk, the temporary file is
   * removed and nothing is in place. REQUEST_INVALID for a bad id or name,
   * CONFLICT when the file exists and `replace` is not set.
   */
  receive(
    packageId: string,
    filename: string,
    body: AsyncIterable<Uint8Array>,
    opts: ReceiveOptions,
  ): Promise<ReceivedFile>;
  /** The regular file there (no symbolic link), or undefined (also for an invalid id or name). */
  stat(packageId: string, filename: string): Promise<StoredFile | undefined>;
  /** Removes the package's directory and every file in it; nothing there is fine. */
  remove(packageId: string): Promise<void>;
  /** Removes `.upload-*` files not written to for `olderThanMs`; returns how many. */
  sweep(olderThanMs?: number): Promise<number>;
}

const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
const TEMP_PREFIX = '.upload-';
/** A temporary file untouched this long belongs to no upload still running (the sweep at start). */
export const STALE_UPLOAD_MS = 10 * 60 * 1000;

const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

/** mkdir with the mode set exactly (the umask does not apply); an existing directory is fine. */
async function ensureDir(path: string): Promise<void> {
  try {
    await mkdir(path, { mode: DIR_MODE });
  } catch (err) {
    if (code(err) !== 'EEXIST')
      throw new AppError('IO_FAILED', `cannot create a directory: ${errnoText(path, err, { creating: true })}`, {
        cause: err,
      });
    const st = await lstat(path);
    if (!st.isDirectory()) throw new AppError('IO_FAILED', `${path} exists and is not a directory`);
    return;
  }
  await chmod(path, DIR_MODE);
}

/** fsync of a directory, so a rename or link in it survives a crash. */
async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function checkNames(packageId: string, filename: string): void {
  if (!isPackageId(packageId))
    throw new AppError('REQUEST_INVALID', `${JSON.stringify(packageId)} is not a package id (a lowercase UUID)`);
  const why = invalidFilename(filename);
  if (why !== undefined) throw new AppError('REQUEST_INVALID', `the file name ${JSON.stringify(filename)} ${why}`);
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let done = 0;
  while (done < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, done, chunk.length - done);
    done += bytesWritten;
  }
}

/** The store under `<dataDir>/packages`, made (mode 0755; the data dir 0700 when missing) if missing. */
export async function openPackageFiles(dataDir: string): Promise<PackageFiles> {
  // Absolute: the download route (send) needs it so, and a relative --data-dir is relative to the start directory.
  const root = resolve(dataDir, 'packages');
  // The data dir itself as the SQLite store makes it (also when the store is PostgreSQL).
  await makeDir(dataDir, 0o700).catch((err: unknown) => {
    throw new AppError(
      'IO_FAILED',
      `cannot create the data directory: ${errnoText(dataDir, err, { creating: true })}`,
      { cause: err },
    );
  });
  await ensureDir(root);
  const dirOf = (packageId: string) => join(root, packageId);

  async function receive(
    packageId: string,
    filename: string,
    body: AsyncIterable<Uint8Array>,
    opts: ReceiveOptions,
  ): Promise<ReceivedFile> {
    checkNames(packageId, filename);
    const dir = dirOf(packageId);
    const target = join(dir, filename);
    const conflict = () =>
      new AppError('CONFLICT', `package ${packageId} already has a file ${filename}; replace it explicitly`);
    if (
      !opts.replace &&
      (await lstat(target).then(
        () => true,
        () => false,
      ))
    )
      throw conflict();
    await ensureDir(dir);
    const temp = join(dir, `${TEMP_PREFIX}${randomBytes(12).toString('hex')}`);
    const handle = await open(temp, 'wx', FILE_MODE).catch((err: unknown) => {
      throw new AppError(
        'IO_FAILED',
        `cannot create the upload's temporary file: ${errnoText(temp, err, { creating: true })}`,
        { cause: err },
      );
    });
    const sha1 = createHash('sha1');
    const sha256 = createHash('sha256');
    let size = 0;
    let closed = false;
    try {
      await handle.chmod(FILE_MODE);
      for await (const chunk of body) {
        size += chunk.length;
        if (size > opts.maxBytes)
          throw new AppError('PAYLOAD_TOO_LARGE', `the file is larger than the limit of ${opts.maxBytes} bytes`);
        sha1.update(chunk);
        sha256.update(chunk);
        await writeAll(handle, chunk);
      }
      await handle.sync();
      closed = true;
      await handle.close();
      if (opts.replace) {
        await rename(temp, target);
      } else {
        // link() refuses an existing name, so an upload that raced this one is not overwritten.
        await link(temp, target).catch((err: unknown) => {
          throw code(err) === 'EEXIST' ? conflict() : err;
        });
        await unlink(temp);
      }
      await syncDir(dir);
    } catch (err) {
      if (!closed) await handle.close().catch(() => {});
      await unlink(temp).catch(() => {});
      if (err instanceof AppError) throw err;
      if (isBodyError(err))
        throw new AppError('USAGE', 'the upload ended before the whole body was received', { cause: err });
      throw new AppError('IO_FAILED', `cannot store the uploaded file: ${errnoText(target, err)}`, { cause: err });
    }
    const digest = sha256.digest();
    return {
      size,
      sha1Base64: sha1.digest('base64'),
      sha256Hex: digest.toString('hex'),
      sha256Base64: digest.toString('base64'),
    };
  }

  async function stat(packageId: string, filename: string): Promise<StoredFile | undefined> {
    if (!isPackageId(packageId) || invalidFilename(filename) !== undefined) return undefined;
    try {
      const dirSt = await lstat(dirOf(packageId));
      if (!dirSt.isDirectory()) return undefined;
      const st = await lstat(join(dirOf(packageId), filename), { bigint: true });
      if (!st.isFile()) return undefined;
      const etag = `"${st.ino.toString(16)}-${st.size.toString(16)}-${st.mtimeNs.toString(16)}"`;
      return { path: `${packageId}/${filename}`, size: Number(st.size), mtime: new Date(Number(st.mtimeMs)), etag };
    } catch {
      return undefined;
    }
  }

  async function remove(packageId: string): Promise<void> {
    if (!isPackageId(packageId))
      throw new AppError('REQUEST_INVALID', `${JSON.stringify(packageId)} is not a package id (a lowercase UUID)`);
    await rm(dirOf(packageId), { recursive: true, force: true }).catch((err: unknown) => {
      throw new AppError('IO_FAILED', `cannot remove the package's files: ${errnoText(dirOf(packageId), err)}`, {
        cause: err,
      });
    });
  }

  async function sweep(olderThanMs = STALE_UPLOAD_MS): Promise<number> {
    let removed = 0;
    const now = Date.now();
    for (const dir of await readdir(root, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      const names = await readdir(join(root, dir.name)).catch(() => [] as string[]);
      for (const name of names) {
        if (!name.startsWith(TEMP_PREFIX)) continue;
        const path = join(root, dir.name, name);
        const st = await lstat(path).catch(() => undefined);
        if (st === undefined || !st.isFile() || now - st.mtimeMs < olderThanMs) continue;
        if (
          await unlink(path).then(
            () => true,
            () => false,
          )
        )
          removed++;
      }
    }
    return removed;
  }

  return { root, receive, stat, remove, sweep };
}

/** An error of the body stream (the client closed the connection mid-body), not of the disk. */
function isBodyError(err: unknown): boolean {
  const c = code(err);
  return (
    c === 'ECONNRESET' || c === 'ERR_STREAM_PREMATURE_CLOSE' || (err instanceof Error && err.message === 'aborted')
  );
}
