/**
 * The Butane transpiler's FilesDir port over the real file system, and its
 * gzip port (Go's bytes, see `gzipBest`). Messages follow Go's os errors
 * (`open DIR/x: no such file or directory`), with DIR as given on the
 * command line. Beyond Butane, a path whose real location (symlinks
 * resolved) is outside the files directory is refused.
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { goPathError } from '../../go/index.js';
import { DEFAULT_MAX_BYTES } from '../../source/index.js';
import { goGzip, type butane, type GzipFn } from '../../transpile/index.js';
import { readFileCappedSync, throwIfWriteFailed, tooLargeText } from './read-input.js';

function goError(op: string, path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return goPathError(op, path, e.code, e.message);
}

/**
 * Gzip for the Butane transpiler's port: Go's compress/gzip at
 * BestCompression byte for byte, from the pure implementation in
 * src/transpile/go-gzip (no zlib), so data URLs equal butane's.
 */
export const gzipBest: GzipFn = goGzip;

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
