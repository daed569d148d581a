import { AppError } from '../../core/index.js';
import { errnoText } from './errno-text.js';
import { openForReading } from './read-bytes.js';

export interface FileChunksOptions {
  /**
   * Reuse three buffers in turn instead of a new one per chunk: a chunk is
   * then valid only until the chunk after the next one is asked for. For
   * consumers that copy what they keep (the payload reader's ByteQueue); it
   * spares the garbage of a new buffer per MiB read.
   */
  readonly reuseBuffers?: boolean;
}

/**
 * A file as a stream of chunks (1 MiB by default), read one at a time ahead
 * of the consumer (the next read runs while the consumer works on a chunk),
 * so a consumer never holds the whole file. Opening fails as `openForReading`
 * says (NOT_FOUND, USAGE for a directory, IO_FAILED); a failed read is IO_FAILED.
 */
export async function fileChunks(
  path: string,
  chunkSize = 1024 * 1024,
  opts: FileChunksOptions = {},
): Promise<AsyncIterable<Uint8Array>> {
  const handle = await openForReading(path);
  const ring = opts.reuseBuffers ? [0, 1, 2].map(() => new Uint8Array(chunkSize)) : undefined;
  let turn = 0;
  const readNext = async (): Promise<Uint8Array> => {
    const buf = ring ? ring[turn++ % ring.length]! : new Uint8Array(chunkSize);
    let n: number;
    try {
      ({ bytesRead: n } = await handle.read(buf, 0, chunkSize, null));
    } catch (err) {
      throw new AppError('IO_FAILED', `cannot read ${errnoText(path, err)}`, { cause: err });
    }
    return buf.subarray(0, n);
  };
  return {
    async *[Symbol.asyncIterator]() {
      let next: Promise<Uint8Array> | undefined = readNext();
      try {
        for (;;) {
          const chunk: Uint8Array = await next;
          next = undefined;
          if (chunk.length === 0) return;
          next = readNext();
          next.catch(() => undefined); // awaited on the next turn, or dropped when the consumer stops
          yield chunk;
        }
      } finally {
        if (next) await next.catch(() => undefined); // no read in flight on a closed handle
        await handle.close();
      }
    },
  };
}
