/**
 * Pulls exact byte counts out of an async stream of chunks. It holds only the
 * rest of the current chunk: bytes asked for across chunks are copied out
 * before the next chunk is pulled, so a source may reuse a chunk's buffer once
 * the chunk after it has been pulled (`fileChunks(..., {reuseBuffers})` does).
 * `take` returns bytes of their own; `takeTransient` returns bytes valid only
 * until the next call (a view into the current chunk, or into a scratch buffer
 * the queue reuses): the reader uses it for blobs, which are hashed and
 * written before the next one is read, so a payload is read without a new
 * buffer per blob.
 */
export class ByteQueue {
  private readonly it: AsyncIterator<Uint8Array>;
  private cur: Uint8Array = new Uint8Array(0);
  private scratch: Uint8Array = new Uint8Array(0);
  private done = false;
  /** Bytes handed out so far. */
  consumed = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  /** The next non-empty chunk as `cur`; false at the end of the stream. */
  private async pull(): Promise<boolean> {
    while (!this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else if (r.value.length > 0) {
        this.cur = r.value;
        return true;
      }
    }
    this.cur = new Uint8Array(0);
    return false;
  }

  private async gather(n: number, out: Uint8Array): Promise<Uint8Array> {
    let at = 0;
    while (at < n) {
      if (this.cur.length === 0 && !(await this.pull())) break;
      const k = Math.min(this.cur.length, n - at);
      out.set(this.cur.subarray(0, k), at);
      this.cur = this.cur.subarray(k);
      at += k;
    }
    this.consumed += at;
    return out.subarray(0, at);
  }

  /** Exactly `n` bytes (fewer only when the stream ended first), in a buffer of their own. */
  async take(n: number): Promise<Uint8Array> {
    return this.gather(n, new Uint8Array(n));
  }

  /** Exactly `n` bytes (fewer only at the end), valid until the next call on this queue. */
  async takeTransient(n: number): Promise<Uint8Array> {
    if (this.cur.length === 0 && n > 0) await this.pull();
    if (this.cur.length >= n) {
      const v = this.cur.subarray(0, n);
      this.cur = this.cur.subarray(n);
      this.consumed += n;
      return v;
    }
    if (this.scratch.length < n) this.scratch = new Uint8Array(n);
    return this.gather(n, this.scratch);
  }

  /** Stops the source early (its `finally` runs: a file is closed). */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.it.return?.();
    }
  }

  /** Reads everything that is left, handing each piece to `onChunk` (valid during the call); returns how many bytes that was. */
  async drain(onChunk?: (chunk: Uint8Array) => void): Promise<number> {
    let n = 0;
    if (this.cur.length > 0) {
      onChunk?.(this.cur);
      n += this.cur.length;
      this.cur = new Uint8Array(0);
    }
    while (!this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else {
        onChunk?.(r.value);
        n += r.value.length;
      }
    }
    this.consumed += n;
    return n;
  }
}
