/**
 * The machines' images for `hull sim run`: opened read-write for the agent
 * and the simulated boot, and the files of a USR slot read with debugfs
 * (src/adapters/host/ext2-debugfs.ts) once per distinct slot content — the
 * slot's bytes are hashed (once per image generation: any write makes a new
 * one) and the files of a content already read come from memory. A thousand
 * machines booting the same two releases run debugfs a few times, not
 * thousands.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { AppError } from '../../core/index.js';
import { debugfsReader } from '../host/index.js';
import type { OpenedDevice } from '../disk/index.js';

/**
 * An image opened with synchronous reads and writes. The simulation does one
 * thing at a time (the virtual clock waits for every IO), so a thread-pool
 * round trip per read would only add latency: thousands of machines make
 * hundreds of thousands of small reads and writes. No fsync (see machine.ts).
 */
export function openSyncDevice(path: string, opts: { writable?: boolean } = {}): OpenedDevice {
  let fd: number;
  try {
    fd = openSync(path, opts.writable ? 'r+' : 'r');
  } catch (err) {
    throw new AppError(
      'IO_FAILED',
      `cannot open the machine image ${path}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const size = fstatSync(fd).size;
  const readInto = async (offset: number, into: Uint8Array): Promise<void> => {
    let done = 0;
    while (done < into.length) {
      const n = readSync(fd, into, done, into.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    if (done < into.length) into.fill(0, done);
  };
  return {
    size,
    async read(offset, length) {
      const b = new Uint8Array(length);
      await readInto(offset, b);
      return b;
    },
    readInto,
    async write(offset, data) {
      let done = 0;
      while (done < data.length) done += writeSync(fd, data, done, data.length - done, offset + done);
    },
    async flush() {},
    async close() {
      closeSync(fd);
    },
  };
}

export interface MachineImages {
  openImage(index: number): Promise<OpenedDevice>;
  readSlotFile(index: number, offset: number, size: number, path: string): Promise<Uint8Array | undefined>;
  /** debugfs runs so far. */
  readonly debugfsRuns: () => number;
}

export function machineImages(imageOf: (index: number) => string): MachineImages {
  const files = new Map<string, Uint8Array | undefined>();
  const generation = new Map<number, number>();
  const hashes = new Map<number, { gen: string; hash: string }>();
  let runs = 0;
  return {
    async openImage(index) {
      const dev = openSyncDevice(imageOf(index), { writable: true });
      const write = dev.write.bind(dev);
      dev.write = async (offset, data) => {
        generation.set(index, (generation.get(index) ?? 0) + 1);
        await write(offset, data);
      };
      return dev;
    },
    async readSlotFile(index, offset, size, path) {
      const image = imageOf(index);
      const gen = `${generation.get(index) ?? 0} ${offset} ${size}`;
      let hash = hashes.get(index)?.gen === gen ? hashes.get(index)!.hash : undefined;
      if (hash === undefined) {
        const dev = openSyncDevice(image);
        try {
          hash = createHash('sha256')
            .update(await dev.read(offset, size))
            .digest('hex');
        } finally {
          await dev.close();
        }
        hashes.set(index, { gen, hash });
      }
      const key = `${hash} ${path}`;
      if (files.has(key)) return files.get(key);
      runs++;
      const reader = await debugfsReader(image);
      try {
        const bytes = await reader.read(offset, size, path);
        files.set(key, bytes);
        return bytes;
      } finally {
        await reader.close();
      }
    },
    debugfsRuns: () => runs,
  };
}
