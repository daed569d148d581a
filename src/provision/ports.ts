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

/** Owner and mode of a file being written: an owner left undefined stays the file's own (as made), the mode 0644. */
export interface FileAttrs {
  readonly uid?: number | undefined;
  readonly gid?: number | undefined;
  readonly mode?: number | undefined;
}

export interface TargetFs {
  lstat(path: string): Promise<NodeStat | undefined>;
  readlink(path: string): Promise<string>;
  readFile(path: string): Promise<Uint8Array>;
  /** Replaces `path` (a temporary file in the same directory, then rename) with mode 0644, or the owner and mode of `attrs` (as writeFileFrom). */
  writeFile(path: string, data: Uint8Array, attrs?: FileAttrs): Promise<void>;
  /**
   * lstat then writeFile in one operation (the parent reached once): when a
   * node is at `path`, its stat, and nothing is written (`data` not called);
   * else the file is written as writeFile writes it, and undefined.
   */
  writeNewFile?(path: string, data: () => Uint8Array, attrs?: FileAttrs): Promise<NodeStat | undefined>;
  /**
   * Replaces path like writeFile, from a stream of chunks (never whole in
   * memory). With `attrs`, the owner and mode are set on the temporary file
   * before it takes the path (as a chown then a chmod of the path after would).
   */
  writeFileFrom(path: string, chunks: AsyncIterable<Uint8Array>, attrs?: FileAttrs): Promise<void>;
  /** Appends, creating the file with mode 0644 when missing. Refuses a non-regular file, and one with several hard links. */
  appendFile(path: string, data: Uint8Array): Promise<void>;
  /**
   * Appends like appendFile, from a stream of chunks: they go to a temporary
   * file in the same directory first (as Ignition fetches), so nothing is
   * appended unless the stream ends without error.
   */
  appendFileFrom(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void>;
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
  /** Closes what the adapter keeps open between operations (directories reached); the engine calls it when a run ends. */
  release?(): void;
}

/** Where a resource's bytes come from: the pure core decodes data: URLs itself. */
export interface FetchRequest {
  readonly url: string;
  readonly headers: readonly { name: string; value: string }[];
  /** PEM certificates trusted for https besides the system's (ignition.security.tls.certificateAuthorities). */
  readonly cas?: readonly string[];
  /** ignition.proxy: httpProxy is used for http URLs, httpsProxy for https (CONNECT), unless the host is in noProxy. */
  readonly proxy?: { readonly httpProxy?: string; readonly httpsProxy?: string; readonly noProxy?: readonly string[] };
  /**
   * ignition.timeouts, in seconds as Ignition reads them: httpResponseHeaders
   * bounds each attempt until the response headers (0: no bound), httpTotal the
   * whole fetch with its retries, redirects and body (0: no bound).
   */
  readonly timeouts?: { readonly httpResponseHeaders: number; readonly httpTotal: number };
}

/** An opened resource: its body is read as it arrives. */
export interface FetchedBody {
  /** The body's chunks; iterating rejects with an AppError (PROVISION_FETCH_FAILED) when the transfer fails. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** The announced size (Content-Length, a file's size), when known. */
  readonly size?: number;
  /** Releases the source (connection, file) when the chunks are not read to their end; harmless afterwards. */
  close(): void;
}

export interface Fetcher {
  /**
   * Opens the resource (following redirects, retrying as the adapter does);
   * resolves once its body can be read, or rejects with an AppError
   * (PROVISION_FETCH_FAILED).
   */
  open(req: FetchRequest): Promise<FetchedBody>;
}

/** A running hash. */
export interface Hasher {
  update(data: Uint8Array): void;
  /** The digest in lower-case hex. */
  digest(): string;
}

/** Hashing and decompression, as streams: node:crypto and node:zlib live in the adapter. */
export interface Codec {
  hasher(algorithm: 'sha512' | 'sha256'): Hasher;
  /**
   * Decompresses gzip as the chunks are read (the output is made only as fast
   * as it is consumed); iterating rejects on corrupt data, or with the error
   * of the input. Stopping early releases the input.
   */
  gunzip(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
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
