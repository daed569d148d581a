import { AppError } from '../../core/index.js';
import { DEFAULT_MAX_BYTES } from '../../source/index.js';
import { openForReading } from './read-bytes.js';

/**
 * Reads a text input: a file, or the given stream (stdin) when `path` is
 * undefined or '-'. At most `maxBytes + 1` bytes are read, so an oversized
 * input still fails the parser's size check (SRC_INPUT_TOO_LARGE) without
 * being read whole. A missing file is NOT_FOUND; other failures IO_FAILED.
 */
export async function readInput(
  path: string | undefined,
  stdin: AsyncIterable<Buffer | string>,
  maxBytes: number = DEFAULT_MAX_BYTES,
): Promise<string> {
  const cap = maxBytes + 1;
  if (path === undefined || path === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stdin) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        chunks.push(buf.subarray(0, cap - size));
        size += Math.min(buf.length, cap - size);
        if (size >= cap) break;
      }
    } catch (err) {
      throw new AppError('IO_FAILED', `reading standard input: ${(err as Error).message}`, { cause: err });
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  const handle = await openForReading(path);
  try {
    const buf = Buffer.alloc(Math.min(cap, 1 << 20));
    const chunks: Buffer[] = [];
    let size = 0;
    while (size < cap) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, cap - size), null);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
      size += bytesRead;
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    throw new AppError('IO_FAILED', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  } finally {
    await handle.close();
  }
}
