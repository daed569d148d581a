/**
 * REPLACE_BZ's bzip2 decoder for the payload applier: libbzip2 (the reference
 * bzip2) compiled to WebAssembly, from @foxglove/wasm-bz2 (D35). One stream
 * per call, unpacked into a buffer of at most `max` bytes, so a bzip2 bomb
 * stops at the operation's extents (28), as with seek-bzip.
 */
import Bzip2 from '@foxglove/wasm-bz2';
import { PayloadError, type Bunzip } from '../../update/payload/index.js';

let loading: Promise<Bzip2> | undefined;

/** The decoder, once its WebAssembly module is loaded (once per process). */
export async function wasmBunzip(): Promise<Bunzip> {
  loading ??= Bzip2.init();
  const bz = await loading;
  return (data, max, what) => {
    try {
      // libbzip2 wants room for at least one byte; more than `max` is refused below.
      const out = bz.decompress(data, Math.max(1, max));
      if (out.length > max) throw new Error('BZ_OUTBUFF_FULL');
      return out;
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      if (/BZ_OUTBUFF_FULL/.test(m)) throw new PayloadError(28, `${what}: its bzip2 data unpacks to more than its ${max} destination bytes`);
      throw new PayloadError(28, `${what}: its bzip2 data cannot be unpacked (${m})`);
    }
  };
}
