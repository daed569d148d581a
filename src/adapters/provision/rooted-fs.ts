/**
 * The TargetFs over a root directory on this machine. Every path must be a
 * clean absolute path inside the target. Each operation reaches the parent
 * directory through descriptors, never following a symlink (anchored.ts):
 * the directories reached are kept open between operations (dir-cache.ts,
 * D64), and a kept one is used only after the kernel confirms it is still at
 * its path inside the target; otherwise the path is walked again one
 * component at a time. Then the operation acts on the last name relative to
 * that open directory: a symlink among the parents is refused, and a
 * directory swapped for a symlink while the engine works only ever affects
 * the directory that was opened, inside the target. Owners and modes are
 * changed on the inode that was checked (held open with O_PATH), and a file
 * or symlink with more than one hard link is refused for append, chmod and
 * chown: another of its names may be outside the target. `release()` closes
 * the kept directories (the engine calls it when a run ends).
 */
import {
  chmodSync,
  closeSync,
  chownSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  renameSync,
  symlinkSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { AppError } from '../../core/index.js';
import type { FileAttrs, NodeStat, TargetFs } from '../../provision/index.js';
import {
  at,
  closeQuietly,
  errno,
  O_APPEND,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOFOLLOW,
  O_PATH,
  O_RDONLY,
  O_WRONLY,
  removeBeneath,
} from './anchored.js';
import { DirCache } from './dir-cache.js';
const { O_RDWR } = constants;

const fail = (msg: string): AppError => new AppError('PROVISION_OPERATION_FAILED', msg);
const wrap = (what: string, path: string, err: unknown): AppError =>
  err instanceof AppError
    ? err
    : new AppError('PROVISION_OPERATION_FAILED', `${what} ${path}: ${(err as Error).message}`, { cause: err });

const kindOf = (st: Stats): NodeStat['kind'] =>
  st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';

const nodeStat = (st: Stats): NodeStat => ({
  kind: kindOf(st),
  mode: st.mode & 0o7777,
  uid: st.uid,
  gid: st.gid,
  id: `${st.dev}:${st.ino}`,
});

function writeAll(fd: number, data: Uint8Array): void {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
}

/** Closes a dropped RootedFs's kept directories (a run that never called release()). */
const unreleased = new FinalizationRegistry<DirCache>((dirs) => dirs.release());

export class RootedFs implements TargetFs {
  private readonly dirs: DirCache;
  /**
   * Temporary names: a prefix per instance and a counter. Guessing them gains
   * nothing: a temporary file is created with O_CREAT|O_EXCL|O_NOFOLLOW, so a
   * name taken meanwhile (by anything, a symlink included) is refused and the
   * next one tried.
   */
  private readonly tmpPrefix = `.tmp${Math.random().toString(36).slice(2, 10)}`;
  private tmpCount = 0;

  constructor(readonly root: string) {
    this.dirs = new DirCache(root);
    unreleased.register(this, this.dirs, this);
  }

  /** Closes the directories kept open between operations. The instance stays usable (it opens them again). */
  release(): void {
    this.dirs.release();
  }

  private parts(path: string): string[] {
    const parts = path.split('/');
    // "/a/b" splits to ["", "a", "b"]: the first is empty (absolute), and no other but a trailing one ("/", "/a/").
    let clean = parts.length > 1 && parts[0] === '' && !path.includes('\0');
    for (let i = 1; clean && i < parts.length; i++) {
      const c = parts[i]!;
      if (c === '..' || c === '.' || (c === '' && i !== parts.length - 1)) clean = false;
    }
    if (!clean) throw fail(`refusing the unclean target path ${JSON.stringify(path)}`);
    parts.shift();
    if (parts[parts.length - 1] === '') parts.pop();
    return parts;
  }

  /** The parts of a path that is not "/": its parent's, and its last name. */
  private split(path: string, what: string): { parts: string[]; name: string } {
    const parts = this.parts(path);
    const name = parts.pop();
    if (name === undefined) throw fail(`cannot ${what} the target root`);
    return { parts, name };
  }

  /** The open (borrowed) parent directory of a path that is not "/", and its last name. */
  private parent(path: string, what: string): { dir: number; name: string } {
    const { parts, name } = this.split(path, what);
    const dir = this.dirs.open(parts);
    if (dir === undefined) throw fail(`${what} ${path}: a parent directory does not exist`);
    return { dir, name };
  }

  /** Runs `fn` with the parent directory open (borrowed from the cache). */
  private inParent<T>(path: string, what: string, fn: (dir: number, name: string) => T): T {
    try {
      const p = this.parent(path, what);
      return fn(p.dir, p.name);
    } catch (err) {
      throw wrap(what, path, err);
    }
  }

  /**
   * Runs `fn` with the node at `path` held open (O_PATH, the last component
   * not followed) and its fstat; `fn` changes it through `at(fd)`, which is
   * that inode whatever happens to the path meanwhile.
   */
  private onNode<T>(path: string, what: string, fn: (fd: number, st: Stats) => T): T {
    const parts = this.parts(path);
    let fd: number | undefined;
    let own = false;
    try {
      if (parts.length === 0) fd = this.dirs.open([]);
      else {
        fd = this.inParent(path, what, (dir, name) => openSync(at(dir, name), O_PATH | O_NOFOLLOW));
        own = true;
      }
      return fn(fd!, fstatSync(fd!));
    } catch (err) {
      throw wrap(what, path, err);
    } finally {
      if (own) closeQuietly(fd);
    }
  }

  /** A directory of the parent, taken from the cache for an operation that waits (a stream). */
  private leaseParent(path: string, what: string): { parts: string[]; dir: number; name: string } {
    const { parts, name } = this.split(path, what);
    const dir = this.dirs.lease(parts);
    if (dir === undefined) throw fail(`${what} ${path}: a parent directory does not exist`);
    return { parts, dir, name };
  }

  private tmpName(): string {
    return `${this.tmpPrefix}${(this.tmpCount++).toString(36)}`;
  }

  /** Creates a new temporary file in the open directory `dir`: its name and descriptor. */
  private createTemp(dir: number, flags: number): { tmp: string; fd: number } {
    for (let tries = 0; ; tries++) {
      const tmp = this.tmpName();
      try {
        return { tmp, fd: openSync(at(dir, tmp), flags | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600) };
      } catch (err) {
        if (errno(err) !== 'EEXIST' || tries >= 8) throw err;
      }
    }
  }

  async lstat(path: string): Promise<NodeStat | undefined> {
    this.dirs.begin();
    const parts = this.parts(path);
    const name = parts.pop();
    try {
      const dir = this.dirs.open(parts);
      if (dir === undefined) return undefined;
      const st = name === undefined ? fstatSync(dir) : lstatSync(at(dir, name), { throwIfNoEntry: false });
      return st === undefined ? undefined : nodeStat(st);
    } catch (err) {
      if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return undefined;
      throw wrap('stat', path, err);
    }
  }

  async readlink(path: string): Promise<string> {
    this.dirs.begin();
    return this.inParent(path, 'readlink', (dir, name) => readlinkSync(at(dir, name)));
  }

  async readFile(path: string): Promise<Uint8Array> {
    this.dirs.begin();
    return this.onNode(path, 'read', (node, st) => {
      if (!st.isFile()) throw fail(`read ${path}: not a regular file`);
      const fd = openSync(at(node), O_RDONLY);
      try {
        return new Uint8Array(readFileSync(fd));
      } finally {
        closeQuietly(fd);
      }
    });
  }

  async writeFile(path: string, data: Uint8Array, attrs?: FileAttrs): Promise<void> {
    this.dirs.begin();
    // Whole in hand: no wait, so the parent stays borrowed from the cache.
    this.inParent(path, 'write', (dir, name) => this.writeIn(dir, name, data, attrs));
  }

  async writeNewFile(path: string, data: () => Uint8Array, attrs?: FileAttrs): Promise<NodeStat | undefined> {
    this.dirs.begin();
    return this.inParent(path, 'write', (dir, name) => {
      const st = lstatSync(at(dir, name), { throwIfNoEntry: false });
      if (st !== undefined) return nodeStat(st);
      this.writeIn(dir, name, data(), attrs);
      return undefined;
    });
  }

  /** A temporary file in the open directory `dir`, written, given its owner and mode, renamed over `name`. */
  private writeIn(dir: number, name: string, data: Uint8Array, attrs: FileAttrs | undefined): void {
    const { tmp, fd } = this.createTemp(dir, O_WRONLY);
    let done = false;
    let open = true;
    try {
      writeAll(fd, data);
      setAttrs(fd, attrs);
      open = false;
      closeSync(fd);
      renameSync(at(dir, tmp), at(dir, name));
      done = true;
    } finally {
      if (open) closeQuietly(fd);
      if (!done) unlinkQuietly(dir, tmp);
    }
  }

  /** A temporary file in the (open) parent directory, filled chunk by chunk, made 0644, renamed over `path`. */
  async writeFileFrom(path: string, chunks: AsyncIterable<Uint8Array>, attrs?: FileAttrs): Promise<void> {
    this.dirs.begin();
    let p: { parts: string[]; dir: number; name: string } | undefined;
    let fd: number | undefined;
    let tmp: string | undefined;
    try {
      p = this.leaseParent(path, 'write');
      const made = this.createTemp(p.dir, O_WRONLY);
      tmp = made.tmp;
      fd = made.fd;
      for await (const chunk of chunks) writeAll(fd, chunk);
      setAttrs(fd, attrs);
      closeQuietly(fd);
      fd = undefined;
      renameSync(at(p.dir, tmp), at(p.dir, p.name));
      tmp = undefined;
    } catch (err) {
      throw wrap('write', path, err);
    } finally {
      closeQuietly(fd);
      if (p !== undefined) {
        if (tmp !== undefined) unlinkQuietly(p.dir, tmp);
        this.dirs.restore(p.parts, p.dir);
      }
    }
  }

  async appendFile(path: string, data: Uint8Array): Promise<void> {
    this.dirs.begin();
    return this.inParent(path, 'append to', (dir, name) => {
      const fd = this.openForAppend(dir, name, path);
      try {
        writeAll(fd, data);
      } finally {
        closeQuietly(fd);
      }
    });
  }

  /**
   * Like appendFile, from a stream: the chunks go to a temporary file in the
   * (open) parent directory first, so nothing is appended unless the stream
   * ends without error; then that file is copied onto the end of `path`.
   */
  async appendFileFrom(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    this.dirs.begin();
    let p: { parts: string[]; dir: number; name: string } | undefined;
    let tmpFd: number | undefined;
    let tmp: string | undefined;
    try {
      p = this.leaseParent(path, 'append to');
      const made = this.createTemp(p.dir, O_RDWR);
      tmp = made.tmp;
      tmpFd = made.fd;
      for await (const chunk of chunks) writeAll(tmpFd, chunk);
      const fd = this.openForAppend(p.dir, p.name, path);
      try {
        const buf = new Uint8Array(1 << 20);
        for (let pos = 0; ; ) {
          const n = readSync(tmpFd, buf, 0, buf.length, pos);
          if (n === 0) break;
          writeAll(fd, buf.subarray(0, n));
          pos += n;
        }
      } finally {
        closeQuietly(fd);
      }
    } catch (err) {
      throw wrap('append to', path, err);
    } finally {
      closeQuietly(tmpFd);
      if (p !== undefined) {
        if (tmp !== undefined) unlinkQuietly(p.dir, tmp);
        this.dirs.restore(p.parts, p.dir);
      }
    }
  }

  /** Opens `name` in the open directory `dir` for appending: created 0644 when missing; an existing node must be a regular file with one link. */
  private openForAppend(dir: number, name: string, path: string): number {
    try {
      const fd = openSync(at(dir, name), O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
      fchmodSync(fd, 0o644);
      return fd;
    } catch (err) {
      if (errno(err) !== 'EEXIST') throw err;
    }
    // An existing node: held without opening it for IO, checked, then reopened as that very inode.
    const node = openSync(at(dir, name), O_PATH | O_NOFOLLOW);
    try {
      const st = fstatSync(node);
      if (!st.isFile()) throw fail(`can only append to files: "${path}"`);
      refuseShared(st, 'append to', path);
      return openSync(at(node), O_WRONLY | O_APPEND);
    } finally {
      closeQuietly(node);
    }
  }

  async mkdir(path: string, mode: number): Promise<void> {
    this.dirs.begin();
    this.inParent(path, 'mkdir', (dir, name) => {
      mkdirSync(at(dir, name), 0o700);
      // The mode exactly (no umask, setgid and sticky kept), on the directory just made.
      const fd = openSync(at(dir, name), O_PATH | O_DIRECTORY | O_NOFOLLOW);
      try {
        chmodSync(at(fd), mode);
      } finally {
        closeQuietly(fd);
      }
    });
  }

  async symlink(target: string, path: string): Promise<void> {
    this.dirs.begin();
    this.inParent(path, 'symlink', (dir, name) => symlinkSync(target, at(dir, name)));
  }

  async link(existing: string, path: string): Promise<void> {
    this.dirs.begin();
    this.inParent(existing, 'link', (from, fromName) =>
      this.inParent(path, 'link', (dir, name) => linkSync(at(from, fromName), at(dir, name))),
    );
  }

  async chmod(path: string, mode: number): Promise<void> {
    this.dirs.begin();
    this.onNode(path, 'chmod', (fd, st) => {
      if (st.isSymbolicLink()) throw fail(`refusing to chmod through the symlink ${path}`);
      refuseShared(st, 'chmod', path);
      chmodSync(at(fd), mode);
    });
  }

  /** The owner of the node itself (a symlink's own owner: `at(fd)` of an O_PATH symlink is the link). */
  async lchown(path: string, uid: number, gid: number): Promise<void> {
    this.dirs.begin();
    this.onNode(path, 'chown', (fd, st) => {
      refuseShared(st, 'chown', path);
      chownSync(at(fd), uid, gid);
    });
  }

  async removeAll(path: string): Promise<void> {
    this.dirs.begin();
    const parts = this.parts(path);
    const name = parts.pop();
    if (name === undefined) throw fail('refusing to remove the target root');
    try {
      const dir = this.dirs.open(parts);
      if (dir !== undefined) removeBeneath(dir, name);
    } catch (err) {
      throw wrap('remove', path, err);
    } finally {
      // What was kept at or below it is gone (or was never reached): never used again.
      this.dirs.forget([...parts, name]);
    }
  }

  async readdir(path: string): Promise<string[]> {
    this.dirs.begin();
    try {
      const dir = this.dirs.open(this.parts(path));
      if (dir === undefined) throw fail(`readdir ${path}: no such directory`);
      return readdirSync(at(dir));
    } catch (err) {
      throw wrap('readdir', path, err);
    }
  }
}

/** The owner, then the mode (0644 unless given), of an open temporary file: a chown clears setuid and setgid, which the mode then sets. */
function setAttrs(fd: number, attrs: FileAttrs | undefined): void {
  if (attrs?.uid !== undefined || attrs?.gid !== undefined) fchownSync(fd, attrs.uid ?? -1, attrs.gid ?? -1);
  fchmodSync(fd, attrs?.mode ?? 0o644);
}

function unlinkQuietly(dir: number, name: string): void {
  try {
    unlinkSync(at(dir, name));
  } catch {
    /* not made, or gone (renamed into place) */
  }
}

/** A non-directory with several names: one may be outside the target (a hard link made before provisioning). */
function refuseShared(st: Stats, what: string, path: string): void {
  if (!st.isDirectory() && st.nlink > 1) {
    throw fail(
      `refusing to ${what} ${path}: it has ${st.nlink} hard links, and another of them may be outside the target`,
    );
  }
}
