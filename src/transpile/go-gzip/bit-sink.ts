/**
 * The bit stream of a deflate writer: bits go in least significant first
 * (RFC 1951 §3.1.1), bytes collect in a growing buffer. `alignToByte` pads
 * with zero bits, as Go's huffmanBitWriter.flush does before a stored block.
 */
export class BitSink {
  private buf = new Uint8Array(1024);
  private pos = 0;
  private bits = 0;
  private nbits = 0;

  /** Appends the low `n` (≤ 16) bits of `value`. */
  writeBits(value: number, n: number): void {
    this.bits |= value << this.nbits;
    this.nbits += n;
    while (this.nbits >= 8) {
      this.push(this.bits & 0xff);
      this.bits >>>= 8;
      this.nbits -= 8;
    }
  }

  /** Pads the pending bits with zeros up to the next byte boundary. */
  alignToByte(): void {
    if (this.nbits > 0) this.push(this.bits & 0xff);
    this.bits = 0;
    this.nbits = 0;
  }

  /** Appends whole bytes; the stream must be byte-aligned. */
  writeBytes(data: Uint8Array): void {
    if (this.nbits !== 0) throw new Error('BitSink.writeBytes: not byte-aligned');
    this.reserve(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** The bytes written so far (pending bits not included). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  private push(b: number): void {
    if (this.pos === this.buf.length) this.reserve(1);
    this.buf[this.pos++] = b;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
}
