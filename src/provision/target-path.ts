/**
 * Paths inside the target. Ignition's JoinPath resolves the symlinks among a
 * path's parents as if chrooted in the target, leaving the last component as
 * it is. Hull does the same, but fully: a symlink whose target is itself
 * reached through symlinks is followed inside the target too (Ignition hands
 * that rest to the kernel, which would follow an absolute link out of the
 * target). ".." never climbs above the target's "/".
 */
import { AppError } from '../core/index.js';
import { pathClean } from '../go/index.js';
import type { TargetFs } from './ports.js';

const MAX_LINKS = 40;

/** Splits and cleans an absolute or relative path; ".." above "/" stays at "/". */
export function cleanParts(path: string, base: readonly string[] = []): string[] {
  const out = path.startsWith('/') ? [] : [...base];
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return out;
}

export const toPath = (parts: readonly string[]): string => '/' + parts.join('/');

/** The clean absolute path inside the target: Go's path.Clean of the path made absolute. */
export function cleanPath(path: string): string {
  return pathClean(`/${path}`);
}

export function dirname(path: string): string {
  return toPath(cleanParts(path).slice(0, -1));
}

export function depth(path: string): number {
  return cleanParts(path).length;
}

/**
 * Resolves every component but the last through the target's symlinks.
 * The result is a clean absolute path with no symlink among its parents.
 * `memo` (directory → its resolution) may be shared by calls made while the
 * target does not change, as the files stage resolves all its paths first.
 */
export async function resolveParents(fs: TargetFs, path: string, memo?: Map<string, string[]>): Promise<string> {
  const parts = cleanParts(path);
  const last = parts.pop();
  if (last === undefined) return '/';
  const key = memo && toPath(parts);
  let dir = key === undefined ? undefined : memo?.get(key);
  if (dir === undefined) {
    dir = await resolveAll(fs, parts, { n: 0 });
    if (key !== undefined) memo?.set(key, dir);
  }
  return toPath([...dir, last]);
}

/** Resolves a path completely (the last component too), for a hard link's target or a symlink's owner. */
export async function resolveFull(fs: TargetFs, path: string): Promise<string> {
  return toPath(await resolveAll(fs, cleanParts(path), { n: 0 }));
}

async function resolveAll(fs: TargetFs, parts: readonly string[], count: { n: number }): Promise<string[]> {
  let real: string[] = [];
  for (const c of parts) {
    const candidate = [...real, c];
    const st = await fs.lstat(toPath(candidate));
    if (st?.kind !== 'symlink') {
      real = candidate;
      continue;
    }
    if (++count.n > MAX_LINKS) {
      throw new AppError('PROVISION_OPERATION_FAILED', `too many levels of symbolic links at ${toPath(candidate)}`);
    }
    const target = await fs.readlink(toPath(candidate));
    real = await resolveAll(fs, cleanParts(target, real), count);
  }
  return real;
}
