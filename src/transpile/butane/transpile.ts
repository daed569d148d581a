/**
 * The Butane pipeline (Butane 0.29 config.TranslateBytes): YAML → variant
 * and version → the version's struct (type errors, unused keys) → Butane
 * rules → translation with sugar → field filters → Ignition rules → JSON.
 * Pure: local files and gzip come through ButanePorts.
 */
import { decodeSource } from './decode-source.js';
import type { ButaneOptions, ButaneResult } from './result.js';
import { translateAndCheck } from './translate-and-check.js';

export type { ButaneFailure, ButaneOptions, ButaneResult } from './result.js';
export { schemaOf } from './schema-of.js';

export function transpileButane(text: string | Uint8Array, options: ButaneOptions = {}): ButaneResult {
  const decoded = decodeSource(text);
  if (decoded.failed !== undefined) return decoded.failed;
  return translateAndCheck(decoded.source, options);
}
