import Bunzip from 'seek-bzip';
import { PayloadError } from './codes.js';

/**
 * Decompresses one bzip2 stream (a REPLACE_BZ operation's blob) of at most
 * `max` bytes; more output, or a stream seek-bzip cannot read, is
 * update_engine's 28. Output is written into one buffer of at most `max`
 * bytes (the operation's destination extents), so a bzip2 bomb cannot grow it.
 */
export function bunzip(data: Uint8Array, max: number, what: string): Uint8Array {
  let out = new Uint8Array(Math.min(max, Math.max(4096, data.length * 4)));
  let pos = 0;
  const sink = {
    writeByte(byte: number): void {
      if (pos >= out.length) {
        if (out.length >= max)
          throw new PayloadError(28, `${what}: its bzip2 data unpacks to more than its ${max} destination bytes`);
        const bigger = new Uint8Array(Math.min(max, out.length * 2));
        bigger.set(out);
        out = bigger;
      }
      out[pos++] = byte;
    },
  };
  try {
    Bunzip.decode(data, sink, false);
  } catch (e) {
    if (e instanceof PayloadError) throw e;
    throw new PayloadError(28, `${what}: its bzip2 data cannot be unpacked (${errorText(e)})`);
  }
  return out.subarray(0, pos);
}

function errorText(e: unknown): string {
  if (e !== null && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string')
    return (e as { message: string }).message;
  return String(e);
}
