import { realpathSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { goPathError } from '../../go/index.js';
import { DEFAULT_MAX_BYTES } from '../../source/index.js';
import { readFileCappedSync, throwIfWriteFailed, tooLargeText } from './read-input.js';

/** Go's *PathError text for a failed open: `open PATH: no such file or directory`. */
function goOpenError(op: string, path: string, err: unknown): string {
  return goPathError(op, path, (err as NodeJS.ErrnoException).code, (err as Error).message);
}

export type ReadResult = { ok: true; data: Uint8Array } | { ok: false; error: string; code?: 'CT_LOCAL_ESCAPES' };

/**
 * Reads a whole file, failures as Go's error text (what ct prints). At most
 * DEFAULT_MAX_BYTES + 1 bytes are read: a longer result means the file is
 * over the limit, which the caller reports (the parser does for the config).
 */
export function readFileGo(path: string, cwd?: string): ReadResult {
  try {
    return { ok: true, data: readFileCappedSync(cwd === undefined ? path : resolve(cwd, path), DEFAULT_MAX_BYTES) };
  } catch (err) {
    return { ok: false, error: goOpenError(Buffer.isBuffer(err) ? 'read' : 'open', path, err) };
  }
}

/**
 * The reader of `contents.local` for -files-dir DIR: the path is joined to
 * DIR as ct does (Go path.Join), and refused when it leads outside DIR,
 * lexically or through a symbolic link (ct does not check).
 */
export function localReader(filesDir: string, cwd?: string): (rel: string) => ReadResult {
  return (rel: string) => {
    const joined = join(filesDir, rel);
    const base = cwd ?? '.';
    const root = resolve(base, filesDir);
    const inside = (p: string, r: string): boolean => {
      const d = relative(r, p);
      return d === '' || (!d.startsWith('..') && !isAbsolute(d));
    };
    if (!inside(resolve(base, joined), root)) {
      return { ok: false, code: 'CT_LOCAL_ESCAPES', error: `local file ${JSON.stringify(rel)} is outside the files directory` };
    }
    try {
      if (!inside(realpathSync(resolve(base, joined)), realpathSync(root))) {
        return { ok: false, code: 'CT_LOCAL_ESCAPES', error: `local file ${JSON.stringify(rel)} is outside the files directory (through a symbolic link)` };
      }
    } catch {
      // a missing file: the read below reports it as ct does
    }
    const r = readFileGo(joined, cwd);
    if (r.ok && r.data.length > DEFAULT_MAX_BYTES) return { ok: false, error: `read ${joined}: file is ${tooLargeText()}` };
    return r;
  };
}

/**
 * Writes (creates or truncates) a file; Go-style error text when it cannot
 * be opened. A failed write (a full disk, EIO) is IO_FAILED: an environment
 * failure, not a problem of the config.
 */
export function writeFileGo(path: string, data: string, cwd?: string): string | undefined {
  try {
    writeFileSync(cwd === undefined ? path : resolve(cwd, path), data);
    return undefined;
  } catch (err) {
    throwIfWriteFailed(path, err);
    return goOpenError('open', path, err);
  }
}
