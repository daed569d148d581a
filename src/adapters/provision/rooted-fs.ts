/**
 * The TargetFs over a root directory on this machine. Every path must be a
 * clean absolute path inside the target; before each operation the adapter
 * checks that no parent component is a symlink (the engine resolved them), so
 * an operation can never reach outside the root, even through a symlink the
 * target already had. Nothing here follows a symlink in the last component
 * except readlink/lstat-based checks.
 */
import { constants, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../core/index.js';
import type { NodeStat, TargetFs } from '../../provision/index.js';

const wrap = (what: string, path: string, err: unknown): AppError =>
  err instanceof AppError ? err : new AppError('PROVISION_OPERATION_FAILED', `${what} ${path}: ${(err as Error).message}`, { cause: err });

export class RootedFs implements TargetFs {
  /** Target directories known to be real directories (not symlinks): their check is skipped. */
  private readonly realDirs = new Set<string>();
  constructor(readonly root: string) {}

  private forget(path: string): void {
    for (const d of this.realDirs) if (d === path || d.startsWith(path + '/')) this.realDirs.delete(d);
  }

  /** The host path of a target path whose parents are real directories (checked). */
  private async host(path: string, checkParents = true): Promise<string> {
    if (!path.startsWith('/') || path.split('/').some((c) => c === '..' || c === '.') || path.includes('//') || path.includes('\0')) {
      throw new AppError('PROVISION_OPERATION_FAILED', `refusing the unclean target path ${JSON.stringify(path)}`);
    }
    const parts = path.split('/').filter((c) => c !== '');
    if (checkParents) {
      let p = this.root;
      let t = '';
      for (const c of parts.slice(0, -1)) {
        p = join(p, c);
        t = `${t}/${c}`;
        if (this.realDirs.has(t)) continue;
        const st = await fsp.lstat(p).catch(() => undefined);
        if (st?.isSymbolicLink()) throw new AppError('PROVISION_OPERATION_FAILED', `refusing to go through the symlink ${t} (it could leave the target)`);
        if (st === undefined) break;
        if (st.isDirectory()) this.realDirs.add(t);
      }
    }
    return join(this.root, ...parts);
  }

  async lstat(path: string): Promise<NodeStat | undefined> {
    const h = await this.host(path);
    try {
      const st = await fsp.lstat(h);
      const kind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      return { kind, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, id: `${st.dev}:${st.ino}` };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw wrap('stat', path, err);
    }
  }
  async readlink(path: string): Promise<string> {
    return fsp.readlink(await this.host(path)).catch((e: unknown) => { throw wrap('readlink', path, e); });
  }
  async readFile(path: string): Promise<Uint8Array> {
    const h = await this.host(path);
    const fh = await fsp.open(h, constants.O_RDONLY | constants.O_NOFOLLOW).catch((e: unknown) => { throw wrap('read', path, e); });
    try {
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }
  async writeFile(path: string, data: Uint8Array): Promise<void> {
    const h = await this.host(path);
    const tmp = join(h, '..', `.tmp${randomBytes(6).toString('hex')}`);
    try {
      const fh = await fsp.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        await fh.writeFile(data);
        await fh.chmod(0o644);
      } finally {
        await fh.close();
      }
      await fsp.rename(tmp, h);
    } catch (err) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw wrap('write', path, err);
    }
  }
  async appendFile(path: string, data: Uint8Array): Promise<void> {
    const h = await this.host(path);
    try {
      const st = await fsp.lstat(h).catch(() => undefined);
      if (st !== undefined && !st.isFile()) throw new AppError('PROVISION_OPERATION_FAILED', `can only append to files: "${path}"`);
      const fh = await fsp.open(h, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
      try {
        if (st === undefined) await fh.chmod(0o644);
        await fh.writeFile(data);
      } finally {
        await fh.close();
      }
    } catch (err) {
      throw wrap('append to', path, err);
    }
  }
  /** A new temporary file beside host path `h` holding the chunks (0600 until they are all in, then 0644); removed again when they fail. */
  private async stage(h: string, chunks: AsyncIterable<Uint8Array>): Promise<string> {
    const tmp = join(h, '..', `.tmp${randomBytes(6).toString('hex')}`);
    try {
      const fh = await fsp.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        for await (const c of chunks) await fh.writeFile(c);
        await fh.chmod(0o644);
      } finally {
        await fh.close();
      }
      return tmp;
    } catch (err) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
  }
  async writeFileFrom(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const h = await this.host(path);
    let tmp: string | undefined;
    try {
      tmp = await this.stage(h, chunks);
      await fsp.rename(tmp, h);
    } catch (err) {
      if (tmp !== undefined) await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw wrap('write', path, err);
    }
  }
  async appendFileFrom(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const h = await this.host(path);
    let tmp: string | undefined;
    try {
      tmp = await this.stage(h, chunks);
      const st = await fsp.lstat(h).catch(() => undefined);
      if (st !== undefined && !st.isFile()) throw new AppError('PROVISION_OPERATION_FAILED', `can only append to files: "${path}"`);
      const from = await fsp.open(tmp, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const fh = await fsp.open(h, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
        try {
          if (st === undefined) await fh.chmod(0o644);
          const buf = new Uint8Array(1 << 20);
          for (;;) {
            const { bytesRead } = await from.read(buf, 0, buf.length, null);
            if (bytesRead === 0) break;
            await fh.writeFile(buf.subarray(0, bytesRead));
          }
        } finally {
          await fh.close();
        }
      } finally {
        await from.close();
      }
    } catch (err) {
      throw wrap('append to', path, err);
    } finally {
      if (tmp !== undefined) await fsp.rm(tmp, { force: true }).catch(() => undefined);
    }
  }
  async mkdir(path: string, mode: number): Promise<void> {
    const h = await this.host(path);
    try {
      await fsp.mkdir(h);
      await fsp.chmod(h, mode);
    } catch (err) {
      throw wrap('mkdir', path, err);
    }
  }
  async symlink(target: string, path: string): Promise<void> {
    this.forget(path);
    await fsp.symlink(target, await this.host(path)).catch((e: unknown) => { throw wrap('symlink', path, e); });
  }
  async link(existing: string, path: string): Promise<void> {
    const from = await this.host(existing);
    await fsp.link(from, await this.host(path)).catch((e: unknown) => { throw wrap('link', path, e); });
  }
  async chmod(path: string, mode: number): Promise<void> {
    const h = await this.host(path);
    const st = await fsp.lstat(h).catch((e: unknown) => { throw wrap('chmod', path, e); });
    if (st.isSymbolicLink()) throw new AppError('PROVISION_OPERATION_FAILED', `refusing to chmod through the symlink ${path}`);
    await fsp.chmod(h, mode).catch((e: unknown) => { throw wrap('chmod', path, e); });
  }
  async lchown(path: string, uid: number, gid: number): Promise<void> {
    await fsp.lchown(await this.host(path), uid, gid).catch((e: unknown) => { throw wrap('chown', path, e); });
  }
  async removeAll(path: string): Promise<void> {
    if (path === '/') throw new AppError('PROVISION_OPERATION_FAILED', 'refusing to remove the target root');
    this.forget(path);
    await fsp.rm(await this.host(path), { recursive: true, force: true }).catch((e: unknown) => { throw wrap('remove', path, e); });
  }
  async readdir(path: string): Promise<string[]> {
    return fsp.readdir(await this.host(path)).catch((e: unknown) => { throw wrap('readdir', path, e); });
  }
}
