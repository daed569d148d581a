/**
 * The BlockDevice port: all disk IO of src/disk goes through it. Adapters live
 * in src/adapters (image files, raw block devices); MemoryBlockDevice is the
 * in-memory implementation used by tests and by dry runs.
 */
export interface BlockDevice {
  /** Size in bytes. */
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Optional: reads `into.length` bytes at `offset` into a buffer the caller reuses (zeros past the end). */
  readInto?(offset: number, into: Uint8Array): Promise<void>;
  write(offset: number, data: Uint8Array): Promise<void>;
  /** Makes earlier writes durable (fsync) before later ones are issued. */
  flush(): Promise<void>;
}

/**
 * A byte array as a block device. `failAfterWrites` cuts writing short after
 * that many write calls (for tests): the failing write lands half (`tornWrite`,
 * the default) or not at all.
 */
export class MemoryBlockDevice implements BlockDevice {
  readonly bytes: Uint8Array;
  writes = 0;
  failAfterWrites: number | undefined;
  tornWrite = true;

  constructor(sizeOrBytes: number | Uint8Array) {
    this.bytes = typeof sizeOrBytes === 'number' ? new Uint8Array(sizeOrBytes) : sizeOrBytes;
  }
  get size(): number {
    return this.bytes.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(offset + length, this.bytes.length);
    const out = new Uint8Array(length);
    if (offset < end) out.set(this.bytes.subarray(offset, end));
    return out;
  }
  async write(offset: number, data: Uint8Array): Promise<void> {
    if (this.failAfterWrites !== undefined && this.writes >= this.failAfterWrites) {
      // Simulate power loss mid-write: half of the data lands, then the device is gone.
      if (this.tornWrite) this.bytes.set(data.subarray(0, Math.floor(data.length / 2)), offset);
      throw new Error('simulated power loss');
    }
    if (offset + data.length > this.bytes.length) throw new RangeError('write past the end of the device');
    this.bytes.set(data, offset);
    this.writes++;
  }
  async flush(): Promise<void> {}
}
