import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { AppError } from '../../core/index.js';
import type { Bzip2Compressor } from '../../update/index.js';

const INSTALL = 'install it with: apt-get install bzip2 (scripts/setup-system)';

/**
 * bzip2 through Debian's `bzip2` (libbz2, the library delta_generator links):
 * one `bzip2 -9 -c` process per chunk, stdin to stdout, so each operation's
 * blob is one complete bzip2 stream, byte for byte what delta_generator's
 * `BZ2_bzBuffToBuffCompress(…, 9, 0, 0)` makes (D33). How many run at once is
 * the builder's `parallel`. Output past `maxBytes` stops the process (the
 * chunk will not be compressed anyway). A missing or failing `bzip2` is
 * PAYLOAD_TOOL_FAILED.
 */
export function bzip2Process(command = 'bzip2'): Bzip2Compressor {
  return {
    compress(data, maxBytes = Infinity) {
      return new Promise<Uint8Array | undefined>((resolve, reject) => {
        const child = spawn(command, ['-9', '-c'], { stdio: ['pipe', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        let size = 0;
        let err = '';
        let settled = false;
        const settle = (f: () => void): void => {
          if (settled) return;
          settled = true;
          f();
        };
        child.on('error', (e: NodeJS.ErrnoException) => {
          settle(() =>
            reject(
              new AppError(
                'PAYLOAD_TOOL_FAILED',
                e.code === 'ENOENT'
                  ? `${command} is not installed (it compresses the payload's blobs); ${INSTALL}`
                  : `cannot run ${command}: ${e.message}`,
                { cause: e },
              ),
            ),
          );
        });
        child.stdout.on('data', (b: Buffer) => {
          if (settled) return;
          size += b.length;
          if (size > maxBytes) {
            out.length = 0;
            child.kill('SIGKILL');
            // resolved only once the child is gone (close), so that its input buffer is free for reuse
            return;
          }
          out.push(b);
        });
        child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
        child.stdin.on('error', () => {
          // a child killed for its size (or one that failed) stops reading: the exit status says which
        });
        child.on('close', (code, signal) => {
          if (size > maxBytes) return settle(() => resolve(undefined));
          if (code === 0) return settle(() => resolve(new Uint8Array(Buffer.concat(out, size))));
          settle(() =>
            reject(
              new AppError(
                'PAYLOAD_TOOL_FAILED',
                `${command} -9 failed (${signal ?? `exit ${code}`})${err.trim() ? `: ${err.trim()}` : ''}`,
              ),
            ),
          );
        });
        child.stdin.end(data);
      });
    },
  };
}

/** Compressions at once by default: one per core, at least 2. */
export function defaultBzip2Parallelism(): number {
  return Math.max(2, availableParallelism());
}
