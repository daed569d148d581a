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
import { debugfsReader } from '../host/ext2-debugfs.js';
import { openDevice, type OpenedDevice } from '../disk/image-file.js';

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
      const dev = await openDevice(imageOf(index), { writable: true });
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
        const dev = await openDevice(image);
        try {
          hash = createHash('sha256').update(await dev.read(offset, size)).digest('hex');
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
