/**
 * Pulls exact byte counts out of an async stream of chunks, holding at most
 * what was asked for plus one chunk. What it returns may be a view into a
 * chunk of the source, so a source must not reuse a chunk it has yielded.
 */
export class ByteQueue {
  private readonly it: AsyncIterator<Uint8Array>;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private done = false;
  /** Bytes handed out so far. */
  consumed = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<void> {
    while (this.buffered < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else if (r.value.length > 0) {
        this.chunks.push(r.value);
        this.buffered += r.value.length;
      }
    }
  }

  /** Exactly `n` bytes, or fewer only when the stream ended first. */
  async take(n: number): Promise<Uint8Array> {
    await this.fill(n);
    const want = Math.min(n, this.buffered);
    const first = this.chunks[0];
    if (first !== undefined && first.length >= want) {
      // Inside one chunk: a view, no copy (the chunk stays alive only as long as the view).
      if (first.length === want) this.chunks.shift();
      else this.chunks[0] = first.subarray(want);
      this.buffered -= want;
      this.consumed += want;
      return first.subarray(0, want);
    }
    const out = new Uint8Array(want);
    let at = 0;
    while (at < want) {
      const c = this.chunks[0] as Uint8Array;
      const k = Math.min(c.length, want - at);
      out.set(c.subarray(0, k), at);
      at += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= want;
    this.consumed += want;
    return out;
  }

  /** Stops the source early (its `finally` runs: a file is closed). */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.it.return?.();
    }
  }

  /** Reads and drops everything that is left; returns how many bytes that was. */
  async drain(): Promise<number> {
    let n = this.buffered;
    this.chunks = [];
    this.buffered = 0;
    while (!this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else n += r.value.length;
    }
    this.consumed += n;
    return n;
  }
}
