import type { BlockDevice } from '../../disk/index.js';
import type { ApplyTarget } from './apply.js';

/**
 * The byte range [offset, offset + size) of a device as a target of its own:
 * offsets count from the range's start, and a read or write reaching outside
 * it throws before touching the device.
 */
export function regionOf(dev: BlockDevice, offset: number, size: number): ApplyTarget {
  if (offset < 0 || size < 0 || offset + size > dev.size)
    throw new RangeError(`region [${offset}, ${offset + size}) is outside the device's ${dev.size} bytes`);
  const inside = (at: number, length: number): void => {
    if (at < 0 || length < 0 || at + length > size)
      throw new RangeError(`[${at}, ${at + length}) is outside the region's ${size} bytes`);
  };
  return {
    size,
    read: async (at, length) => {
      inside(at, length);
      return dev.read(offset + at, length);
    },
    ...(dev.readInto
      ? {
          readInto: async (at: number, into: Uint8Array) => {
            inside(at, into.length);
            await dev.readInto!(offset + at, into);
          },
        }
      : {}),
    write: async (at, data) => {
      inside(at, data.length);
      await dev.write(offset + at, data);
    },
    flush: () => dev.flush(),
  };
}
