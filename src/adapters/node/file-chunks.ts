import { AppError } from '../../core/index.js';
import { errnoText } from './errno-text.js';
import { openForReading } from './read-bytes.js';

/**
 * A file as a stream of chunks (1 MiB by default), read one at a time, so a
 * consumer never holds the whole file. Opening fails as `openForReading`
 * says (NOT_FOUND, USAGE for a directory, IO_FAILED); a failed read is IO_FAILED.
 */
export async function fileChunks(path: string, chunkSize = 1024 * 1024): Promise<AsyncIterable<Uint8Array>> {
  const handle = await openForReading(path);
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const buf = new Uint8Array(chunkSize);
          let n: number;
          try {
            ({ bytesRead: n } = await handle.read(buf, 0, chunkSize, null));
          } catch (err) {
            throw new AppError('IO_FAILED', `cannot read ${errnoText(path, err)}`, { cause: err });
          }
          if (n === 0) return;
          yield buf.subarray(0, n);
        }
      } finally {
        await handle.close();
      }
    },
  };
}
