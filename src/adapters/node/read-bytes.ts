import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../core/index.js';
import { errnoCode, errnoText } from './errno-text.js';

/** Opens a file for reading: a missing file is NOT_FOUND, a directory USAGE, any other failure IO_FAILED; each a sentence naming the path. */
export async function openForReading(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new AppError(errnoCode(err), errnoText(path, err), { cause: err });
  }
  // A directory opens, and fails only at the first read (EISDIR): said here, as a sentence.
  const isDir = await handle.stat().then(
    (st) => st.isDirectory(),
    () => false,
  );
  if (isDir) {
    await handle.close();
    throw new AppError('USAGE', `${path} is a directory, not a file`);
  }
  return handle;
}

/** The first `max` bytes of a file (fewer when it is shorter). NOT_FOUND or IO_FAILED otherwise. */
export async function readHead(path: string, max: number): Promise<Uint8Array> {
  const handle = await openForReading(path);
  try {
    const buf = new Uint8Array(max);
    let size = 0;
    while (size < max) {
      const { bytesRead } = await handle.read(buf, size, max - size, null);
      if (bytesRead === 0) break;
      size += bytesRead;
    }
    return buf.subarray(0, size);
  } catch (err) {
    throw new AppError('IO_FAILED', `cannot read ${errnoText(path, err)}`, { cause: err });
  } finally {
    await handle.close();
  }
}
