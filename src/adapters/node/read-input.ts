import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AppError } from '../../core/index.js';
import { DEFAULT_MAX_BYTES, decodeJsonBytes } from '../../source/index.js';
import { errnoCode, errnoText } from './errno-text.js';

/**
 * Reads an input's bytes: a file, or the given stream (stdin) when `path` is
 * undefined or '-'. At most `maxBytes + 1` bytes are read, so an oversized
 * input (even /dev/zero) still fails the parser's size check
 * (SRC_INPUT_TOO_LARGE) without being read whole. A missing file is
 * NOT_FOUND; other failures IO_FAILED.
 */
export async function readInputBytes(
  path: string | undefined,
  stdin: AsyncIterable<Uint8Array | string>,
  maxBytes: number = DEFAULT_MAX_BYTES,
): Promise<Uint8Array> {
  const cap = maxBytes + 1;
  if (path === undefined || path === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stdin) {
        const buf =
          typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        chunks.push(buf.subarray(0, cap - size));
        size += Math.min(buf.length, cap - size);
        if (size >= cap) break;
      }
    } catch (err) {
      throw new AppError('IO_FAILED', `reading standard input: ${(err as Error).message}`, { cause: err });
    }
    return Buffer.concat(chunks);
  }
  // Synchronous: a CLI reads its one input before anything else happens, and
  // node:fs/promises (with the modules it loads) would cost every command
  // start-up time (docs/decisions.md D55). Failures are worded as
  // openForReading words them.
  const fd = openInputSync(path);
  try {
    const st = fstatSync(fd);
    const buf = Buffer.allocUnsafe(Math.min(cap, st.isFile() ? st.size + 1 : 1 << 20));
    const chunks: Buffer[] = [];
    let size = 0;
    while (size < cap) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, cap - size), null);
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      size += n;
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  } catch (err) {
    throw new AppError('IO_FAILED', `cannot read ${errnoText(path, err)}`, { cause: err });
  } finally {
    closeSync(fd);
  }
}

/** openForReading's checks, synchronously: a missing file is NOT_FOUND, a directory USAGE, any other failure IO_FAILED. */
function openInputSync(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new AppError(errnoCode(err), errnoText(path, err), { cause: err });
  }
  // A directory opens, and fails only at the first read (EISDIR): said here, as a sentence.
  let isDir = false;
  try {
    isDir = fstatSync(fd).isDirectory();
  } catch {
    // not a directory as far as we can tell: the read will say what is wrong
  }
  if (isDir) {
    closeSync(fd);
    throw new AppError('USAGE', `${path} is a directory, not a file`);
  }
  return fd;
}

/**
 * A JSON input (an Ignition config) as text, decoded as Go's encoding/json
 * reads bytes: invalid UTF-8 inside a string becomes U+FFFD (ignition-validate
 * accepts it), outside a string it is a syntax error naming the byte.
 */
export async function readJsonInput(
  path: string | undefined,
  stdin: AsyncIterable<Uint8Array | string>,
  maxBytes: number = DEFAULT_MAX_BYTES,
): Promise<string> {
  return decodeJsonBytes(await readInputBytes(path, stdin, maxBytes));
}

/**
 * A whole file, synchronously, but never more than `maxBytes + 1` bytes of
 * it: a result longer than `maxBytes` means the file is over the limit (or
 * endless, as /dev/zero), and the caller reports it (see `tooLargeText`).
 * Errors of open/read are thrown as they are (NodeJS.ErrnoException), for
 * callers that word them as Go does.
 */
export function readFileCappedSync(path: string, maxBytes: number = DEFAULT_MAX_BYTES): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const cap = maxBytes + 1;
    const chunks: Buffer[] = [];
    let size = 0;
    const buf = Buffer.alloc(Math.min(cap, 1 << 20));
    while (size < cap) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, cap - size), null);
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      size += n;
    }
    return new Uint8Array(Buffer.concat(chunks));
  } finally {
    closeSync(fd);
  }
}

/** "larger than the size limit of 64 MiB (67108864 bytes)": the words of SRC_INPUT_TOO_LARGE, for side files. */
export function tooLargeText(maxBytes: number = DEFAULT_MAX_BYTES): string {
  const MiB = 1024 * 1024;
  return `larger than the size limit of ${maxBytes % MiB === 0 && maxBytes >= MiB ? `${maxBytes / MiB} MiB (${maxBytes} bytes)` : `${maxBytes} bytes`}`;
}

/**
 * For writers that word open failures as their tool does: a failure of the
 * write itself (ENOSPC on a full disk, EIO, EFBIG) is thrown as IO_FAILED.
 */
export function throwIfWriteFailed(path: string, err: unknown): void {
  if ((err as NodeJS.ErrnoException).syscall === 'write') {
    throw new AppError('IO_FAILED', `writing ${path}: ${(err as Error).message}`, { cause: err });
  }
}
