/**
 * What the Butane transpiler needs from outside: reading the files
 * directory (`local`, `contents_local`, `ssh_authorized_keys_local`,
 * `trees`) and gzip. The Node adapter (src/adapters/node/butane-files.ts)
 * implements it; tests use an in-memory one.
 */
import type { GzipFn } from '../data-url.js';

export type LocalRead = { readonly ok: true; readonly data: Uint8Array } | { readonly ok: false; readonly message: string; readonly escape?: boolean };

export interface TreeEntry {
  /** Slash-separated path below the tree root ('' is the root itself). */
  readonly rel: string;
  readonly kind: 'file' | 'dir' | 'symlink' | 'other';
  /** Any execute bit set (files). */
  readonly executable: boolean;
  /** The link target as written (symlinks). */
  readonly target?: string;
}

export type TreeRead =
  | { readonly ok: true; readonly entries: readonly TreeEntry[] }
  | { readonly ok: false; readonly message: string; readonly notDirectory?: boolean; readonly escape?: boolean };

export interface FilesDir {
  /**
   * The bytes of `rel` (already checked by the caller not to leave the
   * directory lexically). Fails with `escape` when a symlink leads outside,
   * else with Go's os error text (`open DIR/x: no such file or directory`).
   */
  readFile(rel: string): LocalRead;
  /** Every entry under `rel`, in filepath.Walk order (lexical, parents first), the root included. */
  walkTree(rel: string): TreeRead;
}

export interface ButanePorts {
  /** Undefined when no -d/--files-dir was given. */
  readonly files?: FilesDir;
  /** Gzip at best compression; undefined disables compressed data URLs. */
  readonly gzip?: GzipFn;
}
