/**
 * The agent's files: prefs (one file per name, written atomically: a temp
 * file, fsync, rename, fsync of the directory, so a kill at any moment leaves
 * the old or the new value), the payload store, the status file.
 */
import { mkdir, open, readFile, rm, stat, truncate, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../core/index.js';
import {
  IDLE_STATUS,
  type AgentStatus,
  type KernelTarget,
  type PayloadStore,
  type Prefs,
  type StatusSink,
} from '../../update/index.js';
import { createImage } from '../disk/index.js';
import { errnoText, writeAtomic } from '../node/index.js';

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

export { writeAtomic } from '../node/index.js';

/** A file's text, or undefined when it does not exist; other failures are IO_FAILED. */
export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AppError('IO_FAILED', `cannot read ${errnoText(path, err)}`, { cause: err });
  }
}

export function filePrefs(dir: string): Prefs {
  const path = (name: string): string => {
    if (!/^[a-z0-9-]+$/.test(name)) throw new AppError('INTERNAL', `not a pref name: ${name}`);
    return join(dir, name);
  };
  return {
    async get(name) {
      try {
        return await readFile(path(name), 'utf8');
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw new AppError('IO_FAILED', `cannot read ${errnoText(path(name), err)}`, { cause: err });
      }
    },
    set: (name, value) => writeAtomic(path(name), value),
    async delete(name) {
      await rm(path(name), { force: true });
    },
  };
}

export function filePayloadStore(path: string): PayloadStore {
  return {
    async size() {
      try {
        return (await stat(path)).size;
      } catch (err) {
        if (isMissing(err)) return 0;
        throw err;
      }
    },
    async truncate(length) {
      await mkdir(dirname(path), { recursive: true });
      try {
        await truncate(path, length);
      } catch (err) {
        if (!isMissing(err)) throw err;
        const fh = await open(path, 'w');
        await fh.close();
      }
    },
    async append(chunk) {
      await mkdir(dirname(path), { recursive: true });
      const fh = await open(path, 'a');
      try {
        await fh.write(chunk);
      } finally {
        await fh.close();
      }
    },
    async sync() {
      try {
        const fh = await open(path, 'r+');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    },
    chunks() {
      return {
        async *[Symbol.asyncIterator]() {
          let fh;
          try {
            fh = await open(path, 'r');
          } catch (err) {
            if (isMissing(err)) return;
            throw err;
          }
          try {
            for (;;) {
              const buf = new Uint8Array(1024 * 1024);
              const { bytesRead } = await fh.read(buf, 0, buf.length, null);
              if (bytesRead === 0) return;
              yield buf.subarray(0, bytesRead);
            }
          } finally {
            await fh.close();
          }
        },
      };
    },
    async remove() {
      await rm(path, { force: true });
    },
  };
}

/** The status file `ROOT/run/hull-agent/status.json`, written atomically at every change. */
export function statusFile(path: string): StatusSink & { read(): Promise<AgentStatus | undefined> } {
  return {
    publish: (s) => writeAtomic(path, `${JSON.stringify(s)}\n`, { durable: false }),
    async read() {
      try {
        return JSON.parse(await readFile(path, 'utf8')) as AgentStatus;
      } catch (err) {
        if (isMissing(err)) return undefined;
        return undefined;
      }
    },
  };
}

export async function removeIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (!isMissing(err)) throw new AppError('IO_FAILED', `cannot remove ${errnoText(path, err)}`, { cause: err });
  }
}

export { IDLE_STATUS };

/**
 * The kernel file of a slot as a KERNEL procedure's target: made
 * ceil(size / 4096) blocks long, since REPLACE data is zero-padded to the
 * block, and cut to `size` on close, as update_engine truncates it to
 * `new_info.size`.
 */
export async function kernelFile(path: string, size: number): Promise<KernelTarget> {
  await mkdir(dirname(path), { recursive: true });
  const dev = await createImage(path, Math.ceil(size / 4096) * 4096, { force: true });
  return {
    size: dev.size,
    read: (o, l) => dev.read(o, l),
    write: (o, d) => dev.write(o, d),
    flush: () => dev.flush(),
    async close() {
      await dev.close();
      await truncate(path, size);
    },
  };
}
