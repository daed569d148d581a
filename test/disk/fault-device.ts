import type { BlockDevice } from '../../src/disk/index.js';

/**
 * A BlockDevice wrapper that "kills the process" at one step, for the
 * kill-injection tests. Steps are counted over writes and flushes, in order
 * (0-based). At step `at` the wrapper dies: a write lands not at all
 * ('before') or its first half only ('half', a write torn by the kill), a
 * flush does nothing; the call throws and every later call throws too. With
 * `at` undefined it only counts (and logs) the steps.
 */
export class FaultBlockDevice implements BlockDevice {
  steps = 0;
  readonly log: string[] = [];
  private dead = false;

  constructor(
    private readonly inner: BlockDevice,
    private readonly at?: number,
    private readonly mode: 'before' | 'half' = 'before',
  ) {}
  get size(): number {
    return this.inner.size;
  }
  private alive(): void {
    if (this.dead) throw new Error('killed');
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    this.alive();
    return this.inner.read(offset, length);
  }
  async write(offset: number, data: Uint8Array): Promise<void> {
    this.alive();
    if (this.steps === this.at) {
      this.dead = true;
      if (this.mode === 'half') await this.inner.write(offset, data.subarray(0, Math.floor(data.length / 2)));
      throw new Error(`killed at step ${this.steps} (write of ${data.length} bytes at ${offset}, ${this.mode})`);
    }
    this.steps++;
    this.log.push(`write ${data.length}@${offset}`);
    await this.inner.write(offset, data);
  }
  async flush(): Promise<void> {
    this.alive();
    if (this.steps === this.at) {
      this.dead = true;
      throw new Error(`killed at step ${this.steps} (flush)`);
    }
    this.steps++;
    this.log.push('flush');
    await this.inner.flush();
  }
  /** True when step `n` of the counted run was a write (a torn write is then a case too). */
  isWrite(n: number): boolean {
    return this.log[n]!.startsWith('write');
  }
}
