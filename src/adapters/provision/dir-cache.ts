/**
 * The open directories of one target, kept between operations (decision D64
 * in docs/decisions.md). Opening a directory safely costs one openat and one
 * close per component (anchored.ts); a run that writes thousands of files
 * into a few directories would pay that for every operation. So each
 * directory reached is kept open, keyed by its clean path inside the target,
 * and before a kept descriptor is used again it is checked where it is now:
 * `readlink("/proc/self/fd/N")` names the directory's current place (the
 * kernel's d_path, through every parent), and it is used only when that is
 * still the target's root followed by the key. A directory moved, deleted, or
 * swapped for a symlink at any level fails that check, and the path is walked
 * again from the nearest directory that passes it (from the root at worst),
 * component by component as before: a symlink among the parents is refused
 * exactly as a fresh walk refuses it. So one readlink replaces the walk, and
 * the window between the check and the use is the one a fresh walk leaves
 * between its last openat and the use.
 *
 * Descriptors given out are borrowed: valid until the next operation starts
 * (`begin`). Descriptors found stale are closed only then, so an operation
 * holding two (a hard link) never sees one closed under it. An operation that
 * waits (a stream) takes its directory out of the cache (`lease`) and hands it
 * back after (`restore`). `release` closes everything.
 */
import { openSync, readlinkSync } from 'node:fs';
import { at, closeQuietly, lstatQuiet, errno, O_DIRECTORY, O_NOFOLLOW, O_PATH, openRoot } from './anchored.js';
import { AppError } from '../../core/index.js';

const DIR_FLAGS = O_PATH | O_DIRECTORY | O_NOFOLLOW;
/** Kept directories at most; beyond, all but the root are closed at the start of the next operation. */
const CAP = 512;

/** The key of a clean path's components: "/" for the root, "/a/b" below. */
export const keyOf = (parts: readonly string[]): string => '/' + parts.join('/');

export class DirCache {
  private rootFd: number | undefined;
  /** Where the root was when opened (readlink of its descriptor). */
  private rootReal = '';
  private readonly fds = new Map<string, number>();
  private stale: number[] = [];

  constructor(private readonly root: string) {}

  /** Starts an operation: closes what was found stale, and trims the cache when it has grown past its cap. */
  begin(): void {
    for (const fd of this.stale) closeQuietly(fd);
    this.stale = [];
    if (this.fds.size > CAP) {
      for (const fd of this.fds.values()) closeQuietly(fd);
      this.fds.clear();
    }
  }

  /**
   * The open directory `parts` (borrowed), or undefined when a component is
   * missing or is not a directory. A symlink among them is refused.
   */
  open(parts: readonly string[]): number | undefined {
    const key = keyOf(parts);
    const hit = this.fds.get(key);
    if (hit !== undefined && this.valid(hit, key)) return hit;
    let i = parts.length - 1;
    let fd: number | undefined;
    for (; i > 0; i--) {
      const k = keyOf(parts.slice(0, i));
      const f = this.fds.get(k);
      if (f !== undefined && this.valid(f, k)) {
        fd = f;
        break;
      }
    }
    if (fd === undefined) {
      fd = this.openRoot();
      i = 0;
    }
    for (; i < parts.length; i++) {
      const next = stepInto(fd, parts[i]!, () => keyOf(parts.slice(0, i + 1)));
      if (next === undefined) return undefined;
      this.put(keyOf(parts.slice(0, i + 1)), next);
      fd = next;
    }
    return fd;
  }

  /** Takes the open directory `parts` out of the cache: the caller owns it, and gives it back with `restore`. */
  lease(parts: readonly string[]): number | undefined {
    const fd = this.open(parts);
    if (fd === undefined || parts.length === 0) return fd === undefined ? undefined : dupDir(fd);
    this.fds.delete(keyOf(parts));
    return fd;
  }

  /** Gives a leased directory back (closed instead when the key was opened again meanwhile). */
  restore(parts: readonly string[], fd: number): void {
    const key = keyOf(parts);
    if (parts.length === 0 || this.fds.has(key)) closeQuietly(fd);
    else this.fds.set(key, fd);
  }

  /** Forgets the directory `parts` and everything kept below it (removed by the engine). */
  forget(parts: readonly string[]): void {
    const key = keyOf(parts);
    for (const [k, fd] of this.fds) {
      if (parts.length === 0 || k === key || k.startsWith(`${key}/`)) {
        this.fds.delete(k);
        this.stale.push(fd);
      }
    }
  }

  /** Closes every kept descriptor. */
  release(): void {
    this.begin();
    for (const fd of this.fds.values()) closeQuietly(fd);
    this.fds.clear();
    closeQuietly(this.rootFd);
    this.rootFd = undefined;
  }

  /** How many descriptors are kept (tests). */
  get size(): number {
    return this.fds.size + (this.rootFd === undefined ? 0 : 1);
  }

  private openRoot(): number {
    if (this.rootFd !== undefined && this.where(this.rootFd) === this.rootReal) return this.rootFd;
    // Moved (or never opened): everything kept below is forgotten, and the root is opened by its path again.
    this.forget([]);
    if (this.rootFd !== undefined) this.stale.push(this.rootFd);
    this.rootFd = openRoot(this.root);
    this.rootReal = this.where(this.rootFd) ?? '';
    return this.rootFd;
  }

  private valid(fd: number, key: string): boolean {
    const now = this.where(fd);
    const ok = now !== undefined && now === (this.rootReal === '/' ? key : this.rootReal + key);
    if (!ok) {
      this.fds.delete(key);
      this.stale.push(fd);
    }
    return ok;
  }

  private where(fd: number): string | undefined {
    try {
      return readlinkSync(at(fd));
    } catch {
      return undefined;
    }
  }

  private put(key: string, fd: number): void {
    const old = this.fds.get(key);
    if (old !== undefined) this.stale.push(old);
    this.fds.set(key, fd);
  }
}

/** A descriptor of its own for the open directory `fd`. */
function dupDir(fd: number): number {
  return openSync(at(fd), O_PATH | O_DIRECTORY);
}

/**
 * Opens `name` in the open directory `fd` (which stays open) as a directory,
 * never following a symlink: undefined when it is missing or not a directory;
 * a symlink is refused (`shown()` names it).
 */
export function stepInto(fd: number, name: string, shown: () => string): number | undefined {
  try {
    return openSync(at(fd, name), DIR_FLAGS);
  } catch (err) {
    const code = errno(err);
    const st = code === 'ENOTDIR' || code === 'ELOOP' ? lstatQuiet(at(fd, name)) : undefined;
    if (st?.isSymbolicLink())
      throw new AppError(
        'PROVISION_OPERATION_FAILED',
        `refusing to go through the symlink ${shown()} (it could leave the target)`,
      );
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}
