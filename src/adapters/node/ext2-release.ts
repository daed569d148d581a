import { execFile } from 'node:child_process';
import { AppError } from '../../core/index.js';

/** What the USR image says about its release, read with debugfs (e2fsprogs) without mounting it. */
export type ReleaseFile =
  | { readonly kind: 'found'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'not-ext'; readonly reason: string };

const INSTALL = 'install it with: apt-get install e2fsprogs (scripts/setup-system)';

/**
 * Reads `path` (e.g. `/share/flatcar/release`, the file a USR image holds at
 * its root) from the ext2/3/4 filesystem in `image`, read-only, with
 * `debugfs -R 'cat PATH'`. debugfs exits 0 whatever happens, so its stderr
 * says which case this is: the file is missing, or the image is no ext
 * filesystem at all. A missing debugfs is PAYLOAD_TOOL_FAILED.
 */
export function readExtFile(image: string, path: string): Promise<ReleaseFile> {
  return new Promise((resolve, reject) => {
    execFile(
      'debugfs',
      ['-R', `cat ${path}`, image],
      { encoding: 'utf8', maxBuffer: 1024 * 1024, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          reject(
            new AppError(
              'PAYLOAD_TOOL_FAILED',
              code === 'ENOENT'
                ? `debugfs is not installed (it reads ${path} from the USR image to check --version); ${INSTALL}`
                : `debugfs failed on ${image}: ${err.message}`,
              { cause: err },
            ),
          );
          return;
        }
        const open = /while trying to open|Filesystem not open/.exec(stderr);
        if (open) {
          const line =
            stderr.split('\n').find((l) => l.includes('while trying to open')) ?? 'not an ext2/3/4 filesystem';
          resolve({
            kind: 'not-ext',
            reason: line.replace(/^debugfs:\s*/, '').replace(/ while trying to open .*$/, ''),
          });
          return;
        }
        if (/File not found by ext2_lookup/.test(stderr)) {
          resolve({ kind: 'missing' });
          return;
        }
        resolve({ kind: 'found', text: stdout });
      },
    );
  });
}
