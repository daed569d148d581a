import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../core/index.js';
import type { BlobSpool, PayloadSink } from '../../update/index.js';
import { outputExists } from '../disk/index.js';
import { errnoCode, errnoText } from './errno-text.js';

/**
 * The files of `hull payload build`: the blob spool of pass 1 and the
 * output of pass 2, both temporary files beside the output (hidden names,
 * the same file system, so the payload is renamed into place whole). Nothing
 * appears at the output path until `commit`; `discard` removes both.
 */

const MiB = 1024 * 1024;

function tempName(out: string, what: string): string {
  return join(dirname(out), `.${basename(out)}.hull-${what}-${randomBytes(6).toString('hex')}`);
}

async function createExclusive(path: string, shown: string): Promise<FileHandle> {
  try {
    return await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch (err) {
    throw new AppError(errnoCode(err, { creating: true }), errnoText(shown, err, { creating: true }), { cause: err });
  }
}

async function writeAll(fh: FileHandle, b: Uint8Array, at: number | null, path: string): Promise<void> {
  let done = 0;
  try {
    while (done < b.length) {
      const { bytesWritten } = await fh.write(b, done, b.length - done, at === null ? null : at + done);
      done += bytesWritten;
    }
  } catch (err) {
    throw new AppError('IO_FAILED', `cannot write ${errnoText(path, err)}`, { cause: err });
  }
}

export interface PayloadOutput {
  readonly spool: BlobSpool;
  readonly out: PayloadSink;
  /** The temporary files, for messages. */
  readonly temps: readonly string[];
  /** Syncs the payload and gives it its name (replacing a file there only with `force`); removes the spool. */
  commit(): Promise<void>;
  /** Removes the temporary files (safe after commit, and twice). */
  discard(): Promise<void>;
}

/**
 * Prepares the output `path`: refused with OUTPUT_EXISTS when something is
 * there and `force` is not given (checked now and again at commit, which
 * links rather than renames, so a file made meanwhile is never replaced);
 * a directory is refused even with `force`.
 */
export async function openPayloadOutput(path: string, opts: { force?: boolean } = {}): Promise<PayloadOutput> {
  const st = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new AppError(errnoCode(err), errnoText(path, err), { cause: err });
  });
  if (st?.isDirectory()) throw new AppError('USAGE', `-o ${path} is a directory; give the payload file's path`);
  if (st && !opts.force) throw outputExists(path);
  if (st && !st.isFile() && !st.isSymbolicLink())
    throw new AppError('USAGE', `-o ${path} exists and is not a regular file; nothing was written`);

  const spoolPath = tempName(path, 'blobs');
  const outPath = tempName(path, 'payload');
  const spoolFh = await createExclusive(spoolPath, path);
  let outFh: FileHandle;
  try {
    outFh = await createExclusive(outPath, path);
  } catch (err) {
    await spoolFh.close().catch(() => undefined);
    await unlink(spoolPath).catch(() => undefined);
    throw err;
  }
  let spoolSize = 0;
  let open_ = { spool: true, out: true };
  const closeSpool = async (): Promise<void> => {
    if (!open_.spool) return;
    open_ = { ...open_, spool: false };
    await spoolFh.close().catch(() => undefined);
    await unlink(spoolPath).catch(() => undefined);
  };

  const spool: BlobSpool = {
    async append(blob) {
      await writeAll(spoolFh, blob, spoolSize, path);
      spoolSize += blob.length;
    },
    readBack() {
      return {
        async *[Symbol.asyncIterator]() {
          const buf = new Uint8Array(MiB); // one buffer, refilled: the consumer is done with a chunk when it asks for the next
          for (let at = 0; at < spoolSize; ) {
            let n: number;
            try {
              ({ bytesRead: n } = await spoolFh.read(buf, 0, Math.min(MiB, spoolSize - at), at));
            } catch (err) {
              throw new AppError('IO_FAILED', `cannot read back the blob spool ${errnoText(spoolPath, err)}`, {
                cause: err,
              });
            }
            if (n === 0)
              throw new AppError(
                'IO_FAILED',
                `the blob spool ${spoolPath} ended at ${at} bytes, ${spoolSize} were written`,
              );
            at += n;
            yield buf.subarray(0, n);
          }
        },
      };
    },
  };
  const out: PayloadSink = {
    write: (b) => writeAll(outFh, b, null, path),
  };
  return {
    spool,
    out,
    temps: [spoolPath, outPath],
    async commit() {
      await closeSpool();
      try {
        await outFh.sync();
        await outFh.close();
        open_ = { ...open_, out: false };
      } catch (err) {
        throw new AppError('IO_FAILED', `cannot write ${errnoText(path, err)}`, { cause: err });
      }
      try {
        if (opts.force) await rename(outPath, path);
        else {
          // link fails when the name exists: a file made there meanwhile is not replaced
          await link(outPath, path).catch((err: NodeJS.ErrnoException) => {
            if (err.code === 'EEXIST') throw outputExists(path);
            throw err;
          });
          await unlink(outPath);
        }
      } catch (err) {
        await unlink(outPath).catch(() => undefined);
        throw err instanceof AppError
          ? err
          : new AppError('IO_FAILED', `cannot name the payload ${errnoText(path, err, { creating: true })}`, {
              cause: err,
            });
      }
    },
    async discard() {
      await closeSpool();
      if (open_.out) {
        open_ = { ...open_, out: false };
        await outFh.close().catch(() => undefined);
      }
      await unlink(outPath).catch(() => undefined);
    },
  };
}
