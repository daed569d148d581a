/**
 * The Butane transpiler's FilesDir port over the real file system, and gzip
 * at best compression through node:zlib. Messages follow Go's os errors
 * (`open DIR/x: no such file or directory`), with DIR as given on the
 * command line. Beyond Butane, a path whose real location (symlinks
 * resolved) is outside the files directory is refused.
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { DEFAULT_MAX_BYTES } from '../../source/index.js';
import type { butane } from '../../transpile/index.js';
import { readFileCappedSync, throwIfWriteFailed, tooLargeText } from './read-input.js';

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

function goError(op: string, path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return `${op} ${path}: ${ERRNO_TEXT[e.code ?? ''] ?? e.message}`;
}

/**
 * Gzip at best compression framed as Go's compress/gzip writes it, so the
 * sizes Butane compares (and so its choice of encoding) come out the same
 * far more often than with zlib's own framing: header with XFL 2 and OS 255
 * (unknown), the deflate blocks not final, then an empty final stored block
 * (Go's flate Close), then CRC-32 and size. The deflate blocks are zlib's
 * level 9; Go's matcher differs now and then by a few bytes.
 */
export function gzipBest(data: Uint8Array): Uint8Array {
  const sync = deflateRawSync(data, { level: constants.Z_BEST_COMPRESSION, finishFlush: constants.Z_SYNC_FLUSH });
  const partial = deflateRawSync(data, { level: constants.Z_BEST_COMPRESSION, finishFlush: constants.Z_PARTIAL_FLUSH });
  // Both streams hold the same blocks, then an empty block: stored (bits 0,00) after a sync
  // flush, fixed (bits 0,1,0…) after a partial one. The first differing bit is the
  // empty block's BTYPE; the bit before it is its BFINAL, which Go sets.
  let differs = -1;
  for (let i = 0; i < Math.min(sync.length, partial.length) * 8; i++) {
    if (((sync[i >> 3]! >> (i & 7)) & 1) !== ((partial[i >> 3]! >> (i & 7)) & 1)) {
      differs = i;
      break;
    }
  }
  if (differs < 1) return gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
  const body = Buffer.from(sync);
  const p = differs - 1;
  body[p >> 3] = body[p >> 3]! | (1 << (p & 7));
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc32(data), 0);
  tail.writeUInt32LE(data.length >>> 0, 4);
  return new Uint8Array(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]), body, tail]));
}

function crc32(data: Uint8Array): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

export function nodeFilesDir(dir: string): butane.FilesDir {
  const inside = (p: string): boolean => {
    let base: string;
    let real: string;
    try {
      base = realpathSync(dir);
      real = realpathSync(p);
    } catch {
      return true; // the read itself reports the missing file
    }
    const rel = relative(base, real);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
  };
  const shown = (rel: string): string => (rel === '' ? dir : join(dir, rel));
  return {
    readFile(rel) {
      const p = join(dir, rel);
      if (!inside(p)) return { ok: false, escape: true, message: 'local file path traverses outside the files directory' };
      try {
        const data = readFileCappedSync(p, DEFAULT_MAX_BYTES);
        if (data.length > DEFAULT_MAX_BYTES) return { ok: false, message: `read ${shown(rel)}: file is ${tooLargeText()}` };
        return { ok: true, data };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return { ok: false, message: code === 'EISDIR' ? `read ${shown(rel)}: is a directory` : goError('open', shown(rel), err) };
      }
    },
    walkTree(rel) {
      const root = join(dir, rel);
      if (!inside(root)) return { ok: false, escape: true, message: 'local file path traverses outside the files directory' };
      try {
        if (!statSync(root).isDirectory()) return { ok: false, notDirectory: true, message: 'root of tree must be a directory' };
      } catch (err) {
        return { ok: false, message: goError('stat', shown(rel), err) };
      }
      const entries: butane.TreeEntry[] = [];
      const walk = (sub: string): void => {
        const p = sub === '' ? root : join(root, sub);
        const st = lstatSync(p);
        if (st.isDirectory()) {
          entries.push({ rel: sub, kind: 'dir', executable: false });
          // filepath.Walk visits names in lexical (byte) order.
          const names = readdirSync(p).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
          for (const n of names) walk(sub === '' ? n : `${sub}/${n}`);
        } else if (st.isFile()) {
          entries.push({ rel: sub, kind: 'file', executable: (st.mode & 0o111) !== 0 });
        } else if (st.isSymbolicLink()) {
          entries.push({ rel: sub, kind: 'symlink', executable: false, target: readlinkSync(p).split(sep).join('/') });
        } else entries.push({ rel: sub, kind: 'other', executable: false });
      };
      try {
        walk('');
      } catch (err) {
        return { ok: false, message: goError('lstat', shown(rel), err) };
      }
      return { ok: true, entries };
    },
  };
}

/** Writes Butane's output file (O_WRONLY|O_CREATE|O_TRUNC, 0644); the Go-style error text on failure. */
export function writeOutputFile(path: string, text: string): string | undefined {
  try {
    writeFileSync(path, text, { mode: 0o644 });
    return undefined;
  } catch (err) {
    throwIfWriteFailed(path, err);
    return goError('open', path, err);
  }
}
