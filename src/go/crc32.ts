/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320): Go's hash/crc32
 * ChecksumIEEE, as GPT headers and entry arrays and gzip's trailer use it. Slicing-by-4: four table lookups per 32-bit word, so the
 * 16 MiB entry array of a 131 072-entry table takes tens of milliseconds.
 */

/** The slicing-by-4 tables, made at the first checksum (not at load: a CLI call that never checksums pays nothing). */
function makeTables(): [Uint32Array, Uint32Array, Uint32Array, Uint32Array] {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  const out = [t0];
  for (let s = 1; s < 4; s++) {
    const prev = out[s - 1]!;
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) t[n] = (prev[n]! >>> 8) ^ t0[prev[n]! & 0xff]!;
    out.push(t);
  }
  return out as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
}
let tables: [Uint32Array, Uint32Array, Uint32Array, Uint32Array] | undefined;

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const [T0, T1, T2, T3] = (tables ??= makeTables());
  let c = 0xffffffff;
  let i = start;
  for (const stop = end - 3; i < stop; i += 4) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c = T3[c & 0xff]! ^ T2[(c >>> 8) & 0xff]! ^ T1[(c >>> 16) & 0xff]! ^ T0[c >>> 24]!;
  }
  for (; i < end; i++) c = T0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
