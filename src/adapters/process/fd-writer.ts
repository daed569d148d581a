import { fstatSync, writeSync } from 'node:fs';

/** What writes text or bytes: the CLI's stdout and stderr. */
export interface ChunkWriter {
  write(chunk: string | Uint8Array): void;
}

/**
 * Writes to a file descriptor (1, 2) with `writeSync`, so a command that
 * only prints never creates process.stdout: its getter loads the stream
 * modules, and net or tty behind them, a cost every command would pay at
 * start-up (docs/decisions.md D55). Node writes stdout and stderr
 * synchronously on Linux (files, pipes, terminals) anyway, so the order of
 * output is the same. A descriptor someone left non-blocking (EAGAIN) hands
 * this write and every later one to `stream()`, which waits as a stream
 * does; any other failure (EPIPE, ENOSPC, EIO) goes to `onError`, and the
 * rest of that chunk is dropped.
 */
export function fdWriter(
  fd: number,
  stream: () => ChunkWriter,
  onError: (err: NodeJS.ErrnoException) => void,
): ChunkWriter {
  let via: ChunkWriter | undefined;
  return {
    write(chunk) {
      if (via !== undefined) {
        via.write(chunk);
        return;
      }
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let off = 0;
      // At least one write, also of nothing, as a stream does: a full disk or a closed pipe is then
      // reported by a command that prints nothing as well.
      do {
        try {
          off += writeSync(fd, bytes, off, bytes.length - off);
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          if (e.code === 'EAGAIN') {
            via = stream();
            via.write(bytes.subarray(off));
          } else onError(e);
          return;
        }
      } while (off < bytes.length);
    },
  };
}

/**
 * False when the descriptor cannot be a terminal: not a character device, or
 * one of Linux's memory devices (major 1: /dev/null, /dev/zero, /dev/full);
 * true when it may be one, and then process.stdout's or process.stderr's
 * `isTTY` decides (asking them first would load net and tty, D55). A
 * descriptor that is not open cannot be a terminal either.
 */
export function mayBeTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isCharacterDevice() && (Math.floor(st.rdev / 256) & 0xfff) !== 1;
  } catch {
    return false;
  }
}
