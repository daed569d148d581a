/**
 * The files-dir port (src/transpile/files-dir.ts) over the real file
 * system, for ct and Butane alike, and the Go-worded reads and writes of
 * their input and output files. Failures read as Go's os errors
 * (`open DIR/x: no such file or directory`, `read DIR/x: is a directory`),
 * with DIR as given on the command line. Beyond ct and Butane, a path whose
 * location (lexical, or real with symlinks resolved) is outside the files
 * directory is refused.
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { goPathError } from '../../go/index.js';
import { DEFAULT_MAX_BYTES } from '../../source/index.js';
import type { FilesDir, LocalRead, TreeEntry, TreeRead } from '../../transpile/index.js';
import { readFileCappedSync, throwIfWriteFailed, tooLargeText } from './read-input.js';

/** Go's *PathError text: `OP PATH: <errno text>`. */
function goError(op: string, path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return goPathError(op, path, e.code, e.message);
}

/** `p` is `root` or below it. */
function inside(p: string, root: string): boolean {
  const d = relative(root, p);
  return d === '' || (d !== '..' && !d.startsWith(`..${sep}`) && !isAbsolute(d));
}

const ESCAPE = 'local file path traverses outside the files directory';

/** `dir` as given (relative to `cwd`, else to the process's directory). */
export function nodeFilesDir(dir: string, cwd?: string): FilesDir {
  const abs = (p: string): string => (cwd === undefined ? resolve(p) : resolve(cwd, p));
  const root = abs(dir);
  const shown = (rel: string): string => (rel === '' ? dir : join(dir, rel));
  /** undefined when inside, else how it leaves. */
  const escapes = (rel: string): 'lexical' | 'symlink' | undefined => {
    const p = abs(join(dir, rel));
    if (!inside(p, root)) return 'lexical';
    try {
      return inside(realpathSync(p), realpathSync(root)) ? undefined : 'symlink';
    } catch {
      return undefined; // a missing file: the read reports it
    }
  };
  return {
    readFile(rel): LocalRead {
      const how = escapes(rel);
      if (how !== undefined) return { ok: false, escape: true, viaSymlink: how === 'symlink', message: ESCAPE };
      try {
        const data = readFileCappedSync(abs(join(dir, rel)), DEFAULT_MAX_BYTES);
        if (data.length > DEFAULT_MAX_BYTES)
          return { ok: false, message: `read ${shown(rel)}: file is ${tooLargeText()}` };
        return { ok: true, data };
      } catch (err) {
        return {
          ok: false,
          message: goError((err as NodeJS.ErrnoException).syscall === 'read' ? 'read' : 'open', shown(rel), err),
        };
      }
    },
    walkTree(rel): TreeRead {
      if (escapes(rel) !== undefined) return { ok: false, escape: true, message: ESCAPE };
      const top = abs(join(dir, rel));
      try {
        if (!statSync(top).isDirectory())
          return { ok: false, notDirectory: true, message: 'root of tree must be a directory' };
      } catch (err) {
        return { ok: false, message: goError('stat', shown(rel), err) };
      }
      const entries: TreeEntry[] = [];
      const walk = (sub: string): void => {
        const p = sub === '' ? top : join(top, sub);
        const st = lstatSync(p);
        if (st.isDirectory()) {
          entries.push({ rel: sub, kind: 'dir', executable: false });
          // filepath.Walk visits names in lexical (byte) order.
          const names = readdirSync(p).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
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

export type ReadResult = { ok: true; data: Uint8Array } | { ok: false; error: string };

/**
 * Reads a whole input file, failures as Go's error text (what ct prints). At
 * most DEFAULT_MAX_BYTES + 1 bytes are read: a longer result means the file
 * is over the limit, which the caller reports (the parser does for the config).
 */
export function readFileGo(path: string, cwd?: string): ReadResult {
  try {
    return { ok: true, data: readFileCappedSync(cwd === undefined ? path : resolve(cwd, path), DEFAULT_MAX_BYTES) };
  } catch (err) {
    return {
      ok: false,
      error: goError((err as NodeJS.ErrnoException).syscall === 'read' ? 'read' : 'open', path, err),
    };
  }
}

/**
 * Writes (creates or truncates) an output file, `mode` for a new one (Node's
 * default 0666 less the umask when not given); Go's error text when it cannot
 * be opened. A failed write (a full disk, EIO) is IO_FAILED: an environment
 * failure, not a problem of the config.
 */
export function writeFileGo(
  path: string,
  data: string,
  opts: { cwd?: string | undefined; mode?: number } = {},
): string | undefined {
  try {
    writeFileSync(
      opts.cwd === undefined ? path : resolve(opts.cwd, path),
      data,
      opts.mode === undefined ? {} : { mode: opts.mode },
    );
    return undefined;
  } catch (err) {
    throwIfWriteFailed(path, err);
    return goError('open', path, err);
  }
}
