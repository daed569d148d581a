import { open, type FileHandle } from 'node:fs/promises';
import { openDevice } from '../disk/index.js';
import { AppError } from '../../core/index.js';
import type { RandomAccessSource } from '../../update/index.js';
import { errnoText } from './errno-text.js';

/**
 * An image file or block device (a USR image, a kernel) read at any offset,
 * into the caller's buffers. Opening fails as `openDevice` says (NOT_FOUND,
 * IMAGE_NOT_A_FILE for a directory or FIFO); a file that ends before its
 * size said (it shrank while read) is IO_FAILED.
 */
export async function openFileSource(path: string): Promise<RandomAccessSource & { close(): Promise<void> }> {
  const dev = await openDevice(path); // the kind checks, and the size of a block device
  const size = dev.size;
  await dev.close();
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new AppError('IO_FAILED', `cannot open ${errnoText(path, err)}`, { cause: err });
  }
  const readInto = async (offset: number, target: Uint8Array): Promise<void> => {
    let done = 0;
    while (done < target.length) {
      let n: number;
      try {
        ({ bytesRead: n } = await fh.read(target, done, target.length - done, offset + done));
      } catch (err) {
        throw new AppError('IO_FAILED', `cannot read ${errnoText(path, err)}`, { cause: err });
      }
      if (n === 0)
        throw new AppError(
          'IO_FAILED',
          `${path} ended at ${offset + done} bytes, ${size} were there when it was opened (did it change?)`,
        );
      done += n;
    }
  };
  return {
    size,
    readInto,
    async read(offset, length) {
      const b = new Uint8Array(length);
      await readInto(offset, b);
      return b;
    },
    close: () => fh.close(),
  };
}
