const utf8 = new TextEncoder();

/** Collects output as bytes: text and raw values (which may be any bytes). */
export class ByteSink {
  private parts: Uint8Array[] = [];
  private size = 0;

  text(s: string): this {
    return this.bytes(utf8.encode(s));
  }

  bytes(b: Uint8Array): this {
    if (b.length > 0) {
      this.parts.push(b);
      this.size += b.length;
    }
    return this;
  }

  get length(): number {
    return this.size;
  }

  take(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    this.parts = [];
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
