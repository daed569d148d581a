import { readFile, realpath, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { packageRoot } from '../process/index.js';

export interface WebFile {
  readonly body: Buffer;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Read-only access to the built web app (dist/web), confined to its directory. */
export interface WebFiles {
  /** Whether the directory exists (the web app was built). */
  built(): boolean;
  /**
   * The file at `rel` (slash-separated, relative to the root), or undefined
   * when it does not exist, is not a regular file, or lies outside the root
   * (through `..` or a symbolic link).
   */
  read(rel: string): Promise<WebFile | undefined>;
}

/** The web app Vite builds into <package>/dist/web (scripts/build.mjs). */
export const defaultWebRoot = (): string => join(packageRoot(), 'dist', 'web');

export function webFiles(root: string = defaultWebRoot()): WebFiles {
  const base = resolve(root);
  const inside = (p: string): boolean => {
    const r = relative(base, p);
    return r !== '' && !r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r);
  };
  return {
    built: () => existsSync(join(base, 'index.html')),
    async read(rel) {
      if (rel.includes('\0')) return undefined;
      const path = resolve(base, rel);
      if (!inside(path)) return undefined;
      try {
        const [real, realBase] = await Promise.all([realpath(path), realpath(base)]);
        const r = relative(realBase, real);
        if (r === '' || r.startsWith('..') || isAbsolute(r)) return undefined;
        const st = await stat(real);
        if (!st.isFile()) return undefined;
        return { body: await readFile(real), size: st.size, mtimeMs: st.mtimeMs };
      } catch {
        return undefined;
      }
    },
  };
}
