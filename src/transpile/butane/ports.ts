/**
 * What the Butane transpiler needs from outside: reading the files
 * directory (`local`, `contents_local`, `ssh_authorized_keys_local`,
 * `trees`; the one files-dir port of src/transpile/files-dir.ts) and gzip.
 */
import type { GzipFn } from '../data-url.js';
import type { FilesDir } from '../files-dir.js';

export type { FilesDir, LocalRead, TreeEntry, TreeRead } from '../files-dir.js';

export interface ButanePorts {
  /** Undefined when no -d/--files-dir was given. */
  readonly files?: FilesDir;
  /** Gzip at best compression; undefined disables compressed data URLs. */
  readonly gzip?: GzipFn;
}
