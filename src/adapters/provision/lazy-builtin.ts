/**
 * Node's modules that only some runs need (http, tls, child_process, zlib,
 * streams, fs/promises), loaded on first use: `hull provision --root` with a
 * config of data: URLs loads none of them at start-up (D64). `lazyBuiltin`
 * returns a getter; the module is required the first time it is called.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export function lazyBuiltin<T>(id: `node:${string}`): () => T {
  let mod: T | undefined;
  return () => {
    mod ??= load(id) as T;
    return mod;
  };
}
