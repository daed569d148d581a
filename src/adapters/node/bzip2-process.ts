import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { AppError } from '../../core/index.js';
import type { Bzip2Compressor } from '../../update/payload/build.js';

const INSTALL = 'install it with: apt-get install bzip2 (scripts/setup-system)';

/**
 * bzip2 through Debian's `bzip2` (libbz2, the library delta_generator links):
 * one `bzip2 -9 -c` process per chunk, stdin to stdout, so each operation's
 * blob is one complete bzip2 stream, byte for byte what delta_generator's
 * `BZ2_bzBuffToBuffCompress(…, 9, 0, 0)` makes (D33). How many run at once is
 * the builder's `parallel`. A missing or failing `bzip2` is PAYLOAD_TOOL_FAILED.
 */
export function bzip2Process(command = 'bzip2'): Bzip2Compressor {
  return {
    compress(data) {
      return new Promise<Uint8Array>((resolve, reject) => {
        const child = spawn(command, ['-9', '-c'], { stdio: ['pipe', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        let err = '';
        let failed = false;
        const fail = (e: AppError): void => {
          if (failed) return;
          failed = true;
          reject(e);
        };
        child.on('error', (e: NodeJS.ErrnoException) => {
          fail(new AppError('PAYLOAD_TOOL_FAILED', e.code === 'ENOENT' ? `${command} is not installed (it compresses the payload's blobs); ${INSTALL}` : `cannot run ${command}: ${e.message}`, { cause: e }));
        });
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
        child.stdin.on('error', () => {
          // the exit status says what went wrong
        });
        child.on('close', (code, signal) => {
          if (code === 0) {
            if (!failed) resolve(new Uint8Array(Buffer.concat(out)));
            return;
          }
          fail(new AppError('PAYLOAD_TOOL_FAILED', `${command} -9 failed (${signal ?? `exit ${code}`})${err.trim() ? `: ${err.trim()}` : ''}`));
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
