import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../core/index.js';

/** Opens a file for reading: a missing file is NOT_FOUND, any other failure IO_FAILED. */
export async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `no such file: ${path}`, { cause: err });
    throw new AppError('IO_FAILED', `cannot open ${path}: ${(err as Error).message}`, { cause: err });
  }
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
    throw new AppError('IO_FAILED', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  } finally {
    await handle.close();
  }
}
