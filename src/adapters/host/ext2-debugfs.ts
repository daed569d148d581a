/**
 * Files of an ext2/3/4 filesystem that lies inside an image, read without
 * mounting: e2fsprogs' debugfs on the image with its `?offset=N` io option
 * (no copy of the slot, no loop device, read-only: debugfs opens without -w).
 * D35 says why debugfs rather than an ext2 reader of Hull's own.
 */
import { mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import { runCapped } from './run-capped.js';

/** Files larger than this are refused (a release file or health script is a few hundred bytes). */
export const MAX_SLOT_FILE_BYTES = 1024 * 1024;

const tool = (why: string, cause?: unknown): AppError =>
  new AppError(
    'HOST_TOOL_FAILED',
    `debugfs ${why} (install e2fsprogs: scripts/setup-system)`,
    cause === undefined ? undefined : { cause },
  );

/**
 * A reader of files in the ext2 filesystems of `image`: `read(offset, size, path)`
 * gives the file's bytes, or undefined when it does not exist. A path of the
 * image with a `?` in it (debugfs would take it for options) is reached
 * through a symlink in a temporary folder.
 */
export async function debugfsReader(image: string): Promise<{
  read: (offset: number, size: number, path: string) => Promise<Uint8Array | undefined>;
  close: () => Promise<void>;
}> {
  let target = await realpath(image);
  let tmp: string | undefined;
  if (target.includes('?')) {
    tmp = await mkdtemp(join(tmpdir(), 'hull-debugfs-'));
    await symlink(target, join(tmp, 'image'));
    target = join(tmp, 'image');
  }
  return {
    async read(offset, _size, path) {
      if (/[\s"]/.test(path)) throw new AppError('INTERNAL', `debugfs path with spaces or quotes: ${path}`);
      const r = await runCapped('debugfs', ['-R', `cat ${path}`, `${target}?offset=${offset}`], {
        maxBytes: MAX_SLOT_FILE_BYTES,
        killOnOverflow: true,
        timeoutMs: 30_000,
      }).catch((err: Error) => {
        throw tool(`cannot run: ${err.message}`, err);
      });
      const stderr = r.stderr.toString('utf8');
      // debugfs prints its banner on stderr, then any error; a missing file is not a failure.
      const errors = stderr.split('\n').filter((l) => l.trim() !== '' && !/^debugfs \d/.test(l));
      if (errors.some((l) => /File not found by ext2_lookup/.test(l))) return undefined;
      if (r.truncated)
        throw new AppError(
          'HOST_SLOT_UNREADABLE',
          `${path} of the slot at offset ${offset} of ${image} is larger than ${MAX_SLOT_FILE_BYTES} bytes`,
        );
      if (r.status !== 0 || errors.length > 0) {
        throw new AppError(
          'HOST_SLOT_UNREADABLE',
          `${image}: the ext2 filesystem at offset ${offset} cannot be read: ${errors.join('; ').trim() || `debugfs exited with ${r.status}`}`,
        );
      }
      return new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.length);
    },
    async close() {
      if (tmp) await rm(tmp, { recursive: true, force: true });
    },
  };
}
