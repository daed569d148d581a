/**
 * The files-directory port: what ct (`contents.local`) and Butane (`local`,
 * `contents_local`, `ssh_authorized_keys_local`, `trees`) read from outside,
 * relative to the `--files-dir` directory. One Node adapter implements it
 * (src/adapters/node/files-dir.ts); tests use in-memory ones.
 */

export type LocalRead =
  | { readonly ok: true; readonly data: Uint8Array }
  | {
      readonly ok: false;
      /** Go's os error text with the path as the directory joined with `rel` (`open DIR/x: no such file or directory`). */
      readonly message: string;
      /** The path leads outside the directory (Hull refuses it; the Go tools do not always). */
      readonly escape?: boolean;
      /** With `escape`: it does so only through a symbolic link. */
      readonly viaSymlink?: boolean;
    };

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
   * The bytes of `rel` (joined to the directory as Go's path.Join does).
   * Fails with `escape` when the path leads outside the directory,
   * lexically or through a symbolic link, else with Go's os error text.
   */
  readFile(rel: string): LocalRead;
  /** Every entry under `rel`, in filepath.Walk order (lexical, parents first), the root included. */
  walkTree(rel: string): TreeRead;
}
