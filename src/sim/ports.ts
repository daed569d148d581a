/**
 * What `hull sim run` needs from the world (docs/sim.md): the update server
 * over HTTP (in process through fastify's inject, or a real one), the images
 * of the machines, the payloads already built, and a macrotask turn for the
 * virtual clock. src/adapters/sim and src/http/sim-server.ts provide them.
 */
import type { OpenedDisk } from '../update/index.js';
import type { Bunzip, PayloadCrypto } from '../update/index.js';
import type { KvStore } from '../reboot/index.js';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A whole URL (`http://host/path?query`). */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

/** HTTP to the update server. Throws (any error) when nothing answered. */
export interface HttpPort {
  request(req: HttpRequest): Promise<HttpAnswer>;
}

/** A release's payload, built once and uploaded to the server. */
export interface BuiltPayload {
  readonly version: string;
  readonly bytes: Uint8Array;
}

export interface SimIo {
  readonly http: HttpPort;
  /** The server's base URL as machines reach it (`http://127.0.0.1:8080`). */
  readonly serverUrl: string;
  /** An admin token of the server's management API. */
  readonly adminToken: string;
  readonly payloads: readonly BuiltPayload[];
  readonly crypto: PayloadCrypto;
  readonly publicKeyPem: string;
  /** The REPLACE_BZ decoder the agent uses (the CLI's: libbzip2 in WebAssembly, D35). */
  readonly bunzip?: Bunzip;
  /** The etcd v2 keys API (locksmith's semaphore) for `lock: {kind: etcd}`. */
  readonly etcd?: KvStore;
  /** Machine `index`'s image, opened read-write. */
  openImage(index: number): Promise<OpenedDisk>;
  /** A file of the ext2 filesystem in bytes [offset, offset+size) of machine `index`'s image; undefined when missing. */
  readSlotFile(index: number, offset: number, size: number, path: string): Promise<Uint8Array | undefined>;
  /** Resolves after one macrotask turn (setImmediate). */
  idle(): Promise<void>;
}
