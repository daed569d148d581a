/**
 * The FleetLock service's KvStore over etcd v3 (the `etcd3` client, gRPC), in
 * airlock's key layout (the keys are the service's: `airlockKey`). The
 * modification index is the key's `mod_revision`; create-if-absent and
 * compare-and-swap are transactions comparing `create_revision == 0` and
 * `mod_revision == prev`, so any number of Hull replicas and airlock itself
 * share one semaphore. Several endpoints: the client spreads calls over them
 * and retries a call that failed on one member on another.
 */
import { readFileSync } from 'node:fs';
import type { IOptions } from 'etcd3';
import { AppError } from '../../core/index.js';
import type { CasResult, KvEntry, KvStore } from '../../reboot/index.js';

export interface EtcdV3Options {
  readonly endpoints: readonly string[];
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly username?: string;
  readonly password?: string;
  /** Deadline of one call (ms); default 5000. */
  readonly callTimeoutMs?: number;
}

export interface EtcdV3KvStore extends KvStore {
  close(): void;
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new AppError(
      'NOT_FOUND',
      `cannot read the etcd ${what} ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Checks the endpoints (http:// or https:// URLs); USAGE when one is not. */
export function parseEtcdEndpoints(text: string, flag: string): string[] {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length === 0) throw new AppError('USAGE', `${flag} needs at least one etcd endpoint URL`);
  for (const e of list)
    if (!/^https?:\/\/[^/\s]+\/?$/.test(e))
      throw new AppError('USAGE', `${flag}: ${JSON.stringify(e)} is not an http:// or https:// URL of an etcd member`);
  return list;
}

/**
 * Connects lazily (the first call dials). `etcd3` and gRPC are loaded here,
 * not when Hull starts: a server without etcd never loads them.
 */
export async function etcdV3KvStore(opts: EtcdV3Options): Promise<EtcdV3KvStore> {
  const { Etcd3 } = await import('etcd3');
  const timeout = opts.callTimeoutMs ?? 5000;
  if ((opts.certFile === undefined) !== (opts.keyFile === undefined))
    throw new AppError('USAGE', 'a client certificate needs both the certificate and the key file');
  const tls = opts.caFile !== undefined || opts.certFile !== undefined;
  const options: IOptions = {
    hosts: opts.endpoints.map((e) => e.replace(/\/$/, '')),
    dialTimeout: 3000,
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeout }),
    ...(tls
      ? {
          credentials: {
            // No CA file: gRPC's default roots (null is what grpc.credentials.createSsl takes for them).
            rootCertificate: opts.caFile !== undefined ? readPem(opts.caFile, 'CA file') : (null as unknown as Buffer),
            ...(opts.certFile !== undefined && opts.keyFile !== undefined
              ? { certChain: readPem(opts.certFile, 'certificate file'), privateKey: readPem(opts.keyFile, 'key file') }
              : {}),
          },
        }
      : {}),
    ...(opts.username !== undefined ? { auth: { username: opts.username, password: opts.password ?? '' } } : {}),
  };
  const client = new Etcd3(options);
  const where = opts.endpoints.join(',');
  const fail = (what: string, e: unknown): AppError =>
    new AppError('ETCD_UNAVAILABLE', `etcd v3 at ${where}: ${what}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });

  return {
    async createIfAbsent(key, value) {
      try {
        const r = await client.if(key, 'Create', '==', 0).then(client.put(key).value(value)).commit();
        return r.succeeded;
      } catch (e) {
        throw fail(`creating ${key}`, e);
      }
    },
    async get(key): Promise<KvEntry | undefined> {
      try {
        const r = await client.get(key).exec();
        const kv = r.kvs[0];
        return kv === undefined ? undefined : { value: kv.value.toString('utf8'), index: Number(kv.mod_revision) };
      } catch (e) {
        throw fail(`reading ${key}`, e);
      }
    },
    async compareAndSwap(key, value, prevIndex): Promise<CasResult> {
      try {
        const r = await client.if(key, 'Mod', '==', prevIndex).then(client.put(key).value(value)).commit();
        return r.succeeded
          ? { ok: true, index: Number(r.header.revision) }
          : { ok: false, message: `compare failed: ${key} changed since revision ${prevIndex}` };
      } catch (e) {
        throw fail(`writing ${key}`, e);
      }
    },
    close: () => client.close(),
  };
}
