/**
 * REPLACE_BZ's bzip2 decoder for the payload applier: libbzip2 (the reference
 * bzip2) compiled to WebAssembly, from @foxglove/wasm-bz2 (D35). One stream
 * per call, unpacked into a buffer of at most `max` bytes, so a bzip2 bomb
 * stops at the operation's extents (28), as with seek-bzip.
 *
 * The package's `decompress` mallocs and frees both buffers and copies the
 * result out on every call: a new 1 MiB buffer per operation, garbage that
 * kept a 1 GiB apply above 100 MiB. So, when the package's Emscripten module
 * is reachable (its `module` field: `decompress`, `_malloc`, `HEAPU8`), the
 * decoder keeps one source and one destination buffer in the WebAssembly heap,
 * grown as needed, and returns a view of the destination: valid until the
 * next call, which the applier respects (it writes an operation's bytes before
 * unpacking the next). Otherwise it falls back to the package's `decompress`.
 */
import Bzip2 from '@foxglove/wasm-bz2';
import { PayloadError, type Bunzip } from '../../update/index.js';

interface EmscriptenBz2 {
  _malloc(n: number): number;
  _free(ptr: number): void;
  readonly HEAPU8: Uint8Array;
  decompress(
    dst: number,
    dstSize: number,
    src: number,
    srcSize: number,
    small: number,
  ): { code: number; error?: string; buffer?: Uint8Array };
}

let loading: Promise<Bzip2> | undefined;

function refusal(what: string, max: number, message: string): PayloadError {
  if (/BZ_OUTBUFF_FULL|^-8\b/.test(message))
    return new PayloadError(28, `${what}: its bzip2 data unpacks to more than its ${max} destination bytes`);
  return new PayloadError(28, `${what}: its bzip2 data cannot be unpacked (${message})`);
}

function moduleOf(bz: Bzip2): EmscriptenBz2 | undefined {
  const m = (bz as unknown as { module?: Partial<EmscriptenBz2> }).module;
  return m &&
    typeof m.decompress === 'function' &&
    typeof m._malloc === 'function' &&
    typeof m._free === 'function' &&
    m.HEAPU8 instanceof Uint8Array
    ? (m as EmscriptenBz2)
    : undefined;
}

/** The decoder, once its WebAssembly module is loaded (once per process; each decoder keeps its own buffers). */
export async function wasmBunzip(): Promise<Bunzip> {
  loading ??= Bzip2.init();
  const bz = await loading;
  const mod = moduleOf(bz);
  if (!mod) {
    return (data, max, what) => {
      let out: Uint8Array;
      try {
        out = bz.decompress(data, Math.max(1, max));
      } catch (e) {
        throw refusal(what, max, e instanceof Error ? e.message : String(e));
      }
      if (out.length > max) throw refusal(what, max, 'BZ_OUTBUFF_FULL');
      return out;
    };
  }
  let src = 0;
  let srcCap = 0;
  let dst = 0;
  let dstCap = 0;
  const grow = (ptr: number, cap: number, need: number, what: string): [number, number] => {
    if (cap >= need) return [ptr, cap];
    if (ptr) mod._free(ptr);
    const p = mod._malloc(need);
    if (!p) throw new PayloadError(28, `${what}: no memory for ${need} bytes to unpack bzip2 data`);
    return [p, need];
  };
  return (data, max, what) => {
    const room = Math.max(1, max); // libbzip2 wants room for at least one byte
    [src, srcCap] = grow(src, srcCap, Math.max(1, data.length), what);
    [dst, dstCap] = grow(dst, dstCap, room, what);
    mod.HEAPU8.set(data, src); // HEAPU8 read after malloc: a grown heap is a new view
    const r = mod.decompress(dst, room, src, data.length, 0);
    if (r.code !== 0 || r.buffer === undefined) throw refusal(what, max, `${r.code} (${r.error ?? 'unknown'})`);
    if (r.buffer.length > max) throw refusal(what, max, 'BZ_OUTBUFF_FULL');
    return r.buffer;
  };
}
