import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * What a test compares to prove a file was not written: its size, its mtime
 * and ctime in nanoseconds (any write changes both), and the SHA-256 of its
 * first and last 4 MiB and of the given ranges (hashing a whole sparse 8 GiB
 * image would read 8 GiB of holes). A small file is hashed whole.
 */
export function fingerprint(path: string, ranges: readonly (readonly [offset: number, length: number])[] = []): string {
  const st = statSync(path, { bigint: true });
  const size = Number(st.size);
  const MiB4 = 4 * 1024 * 1024;
  const all: (readonly [number, number])[] =
    size <= 2 * MiB4 ? [[0, size]] : [[0, MiB4], [size - MiB4, MiB4], ...ranges];
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    for (const [offset, length] of all) {
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, offset);
      h.update(buf);
    }
  } finally {
    closeSync(fd);
  }
  return `${size} ${st.mtimeNs} ${st.ctimeNs} ${h.digest('hex')}`;
}
