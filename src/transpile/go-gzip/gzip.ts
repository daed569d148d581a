/**
 * Go's compress/gzip framing around `deflateBest`, as
 * gzip.NewWriterLevel(w, gzip.BestCompression) writes it with no header
 * fields set (Butane's base/util MakeDataURL): ID 1f 8b, method 8, no flags,
 * MTIME 0, XFL 2 (best compression), OS 255 (unknown); then the deflate
 * stream; then CRC-32 and the size mod 2^32, little-endian.
 */
import { crc32 } from '../../go/index.js';
import { deflateBest } from './deflate.js';

const HEADER = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff];

/** The gzip bytes Go (and so Butane) produces for `data` at best compression. */
export function goGzip(data: Uint8Array): Uint8Array {
  const body = deflateBest(data);
  const out = new Uint8Array(HEADER.length + body.length + 8);
  out.set(HEADER, 0);
  out.set(body, HEADER.length);
  const view = new DataView(out.buffer);
  view.setUint32(HEADER.length + body.length, crc32(data), true);
  view.setUint32(HEADER.length + body.length + 4, data.length >>> 0, true);
  return out;
}
