const utf8 = new TextEncoder();

/** Collects output as bytes (text and raw values, which may be any bytes) in one growing buffer. */
export class ByteSink {
  private buf = new Uint8Array(4096);
  private size = 0;

  private reserve(n: number): void {
    if (this.size + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.size + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.size));
    this.buf = next;
  }

  text(s: string): this {
    const n = s.length;
    this.reserve(n * 3);
    const buf = this.buf;
    let o = this.size;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // Not ASCII: let the encoder write the rest.
        o += utf8.encodeInto(s.slice(i), buf.subarray(o)).written;
        this.size = o;
        return this;
      }
      buf[o++] = c;
    }
    this.size = o;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.size);
    this.size += b.length;
    return this;
  }

  get length(): number {
    return this.size;
  }

  take(): Uint8Array {
    const out = this.buf.slice(0, this.size);
    this.buf = new Uint8Array(4096);
    this.size = 0;
    return out;
  }
}

/**
 * systemd's size format with IEC factors, one decimal and a trailing B only
 * below 1 KiB (FORMAT_BYTES): 6B, 4.8K, 1.0M.
 */
export function formatBytes(n: number): string {
  const suffixes = ['E', 'P', 'T', 'G', 'M', 'K'];
  const factors = [2 ** 60, 2 ** 50, 2 ** 40, 2 ** 30, 2 ** 20, 2 ** 10];
  const t = BigInt(n);
  for (let i = 0; i < factors.length; i++) {
    const f = BigInt(factors[i]!);
    if (t >= f) {
      const last = i === factors.length - 1;
      const dec = last ? ((t * 10n) / f) % 10n : (((t / BigInt(factors[i + 1]!)) * 10n) / 1024n) % 10n;
      return `${t / f}.${dec}${suffixes[i]}`;
    }
  }
  return `${n}B`;
}
