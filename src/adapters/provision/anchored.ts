/**
 * openat-like anchoring without native code (decision D15 in
 * docs/decisions.md): on Linux, `/proc/self/fd/<fd>/<name>` looks `name` up
 * in the directory the descriptor `fd` holds open, not again through the path
 * that opened it. So a directory of the target is reached by opening one
 * component at a time relative to the previous descriptor, each with
 * O_NOFOLLOW|O_DIRECTORY (a symlink fails instead of being followed), and the
 * final name is then operated on through `/proc/self/fd/<dirfd>/<name>`; a
 * node itself is held by an O_PATH|O_NOFOLLOW descriptor, checked with fstat,
 * and changed through `/proc/self/fd/<fd>`, which is that very inode (a
 * symlink included: it is never followed further). A directory swapped for a
 * symlink after it was opened only affects the old directory, which is still
 * inside the target (or deleted). Every call is synchronous: thousands of tiny
 * system calls are several times faster so, and a descriptor is closed in the
 * same turn it was opened in.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  rmdirSync,
  statSync,
  unlinkSync,
  type Stats,
} from 'node:fs';
import { AppError } from '../../core/index.js';

/** Linux's O_PATH (asm-generic value: x86-64, arm64, arm, riscv, ppc, s390). Node's fs.constants lacks it. */
export const O_PATH = 0o10000000;
export const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_APPEND, O_NOFOLLOW, O_DIRECTORY } = constants;

/** The path of an open descriptor, or of `name` inside the open directory `fd`. */
export const at = (fd: number, name?: string): string =>
  name === undefined ? `/proc/self/fd/${fd}` : `/proc/self/fd/${fd}/${name}`;

export const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

export function closeQuietly(fd: number | undefined): void {
  if (fd === undefined) return;
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
}

let procChecked = false;

/** Opens the target's root (a path the caller chose, followed as given) and checks /proc works. */
export function openRoot(root: string): number {
  const fd = openSync(root, O_PATH | O_DIRECTORY);
  if (!procChecked) {
    let st: Stats | undefined;
    try {
      st = statSync(at(fd));
    } catch {
      st = undefined;
    }
    const own = fstatSync(fd);
    if (st === undefined || st.ino !== own.ino || st.dev !== own.dev) {
      closeQuietly(fd);
      throw new AppError(
        'PROVISION_OPERATION_FAILED',
        'provisioning a directory needs /proc mounted (it reaches the target through /proc/self/fd)',
      );
    }
    procChecked = true;
  }
  return fd;
}

export function lstatQuiet(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Removes `name` in the open directory `dir` and, for a directory, all it
 * holds, reaching each level through descriptors (never through a symlink,
 * which is only unlinked). A node that changes kind meanwhile is looked at
 * again, a few times. A missing node is no error.
 */
export function removeBeneath(dir: number, name: string, tries = 4): void {
  const path = at(dir, name);
  const st = lstatQuiet(path);
  if (st === undefined) return;
  try {
    if (!st.isDirectory()) {
      unlinkSync(path);
      return;
    }
    const fd = openSync(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    try {
      for (const child of readdirSync(at(fd))) removeBeneath(fd, child);
    } finally {
      closeQuietly(fd);
    }
    rmdirSync(path);
  } catch (err) {
    const code = errno(err);
    if (code === 'ENOENT') return;
    // Swapped for another kind of node between the lstat and the call: look again.
    if (
      tries > 0 &&
      (code === 'EISDIR' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'EPERM' || code === 'ENOTEMPTY')
    )
      return removeBeneath(dir, name, tries - 1);
    throw err;
  }
}
