/**
 * The ports of the provisioning engine. Every path handed to a TargetFs is
 * absolute *inside the target* ("/etc/passwd"), normalized, and already
 * resolved by target-path.ts so that no parent component is a symlink; the
 * adapter refuses anything else, so no operation can leave the target, even
 * when the target changes while the engine works (a directory swapped for a
 * symlink, a hard link to a file outside).
 */
export type NodeKind = 'file' | 'dir' | 'symlink' | 'other';

export interface NodeStat {
  readonly kind: NodeKind;
  /** Permission bits including setuid/setgid/sticky (mode & 0o7777). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Identifies the inode (dev:ino), to tell whether two paths are one file. */
  readonly id: string;
}

export interface TargetFs {
  lstat(path: string): Promise<NodeStat | undefined>;
  readlink(path: string): Promise<string>;
  readFile(path: string): Promise<Uint8Array>;
  /** Replaces `path` (a temporary file in the same directory, then rename) with mode 0644. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Replaces path like writeFile, from a stream of chunks (never whole in memory). */
  writeFileFrom(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void>;
  /** Appends, creating the file with mode 0644 when missing. Refuses a non-regular file, and one with several hard links. */
  appendFile(path: string, data: Uint8Array): Promise<void>;
  /** One level, mode 0755 as Ignition's MkdirAll leaves it under umask 022. */
  mkdir(path: string, mode: number): Promise<void>;
  symlink(target: string, path: string): Promise<void>;
  /** A hard link at `path` to the (resolved) `existing`. */
  link(existing: string, path: string): Promise<void>;
  /** On a symlink the adapter refuses (Ignition chmods only files and directories it made); so on a non-directory with several hard links. */
  chmod(path: string, mode: number): Promise<void>;
  /** The node's own owner (a symlink's, not its target's); refused on a non-directory with several hard links. */
  lchown(path: string, uid: number, gid: number): Promise<void>;
  removeAll(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

/** Where a resource's bytes come from: the pure core decodes data: URLs itself. */
export interface FetchRequest {
  readonly url: string;
  readonly headers: readonly { name: string; value: string }[];
  /** PEM certificates trusted for https besides the system's (ignition.security.tls.certificateAuthorities). */
  readonly cas?: readonly string[];
  /** ignition.proxy: httpProxy is used for http URLs, httpsProxy for https (CONNECT), unless the host is in noProxy. */
  readonly proxy?: { readonly httpProxy?: string; readonly httpsProxy?: string; readonly noProxy?: readonly string[] };
}

export interface Fetcher {
  /** Resolves with the bytes, or rejects with an AppError (PROVISION_FETCH_FAILED). */
  fetch(req: FetchRequest): Promise<Uint8Array>;
}

/** Hashing and decompression: node:crypto and node:zlib live in the adapter. */
export interface Codec {
  digest(algorithm: 'sha512' | 'sha256', data: Uint8Array): string;
  gunzip(data: Uint8Array): Uint8Array;
}

export interface ProcessResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessRunner {
  run(command: string, args: readonly string[], opts?: { input?: string }): Promise<ProcessResult>;
}

export interface ProvisionPorts {
  readonly fs: TargetFs;
  readonly fetcher: Fetcher;
  readonly codec: Codec;
  readonly runner: ProcessRunner;
  /** The target's directory as the host's tools see it (useradd --root, systemctl --root). */
  readonly rootForTools: string;
}
