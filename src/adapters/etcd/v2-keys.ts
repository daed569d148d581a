/**
 * The KvStore port over etcd's v2 keys API (HTTP), with the requests
 * locksmithctl sends, so locksmithd, locksmithctl and Hull share one
 * semaphore:
 *   create-if-absent  PUT /v2/keys/<key>?prevExist=false   value=<json>  (201, or 412/105 "Key already exists")
 *   read              GET /v2/keys/<key>?quorum=false&recursive=false&sorted=false
 *   compare-and-swap  PUT /v2/keys/<key>?prevIndex=<modifiedIndex>  value=<json>  (200, or 412/101 "Compare failed")
 *
 * Endpoints are tried in order, starting with the last one that answered: a
 * connection that fails (refused, reset, timed out), or an etcd error answered
 * with a 5xx status (no leader, a proposal timed out), moves on to the next;
 * when every endpoint failed the error is ETCD_UNAVAILABLE naming them all.
 * TLS: a CA file alone verifies the server; a cert and key file (both) add a
 * client certificate. A username and password are sent as HTTP basic auth.
 * Answers are read up to `maxResponseBytes` (default 1 MiB).
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError } from '../../core/index.js';
import { queryEscape } from '../../reboot/index.js';
import type { CasResult, KvEntry, KvStore } from '../../reboot/index.js';
import { errnoCode, networkReason } from '../node/index.js';

export interface EtcdV2Options {
  readonly endpoints: readonly string[];
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly username?: string;
  readonly password?: string;
  /** Per request, per endpoint (default 5000 ms). */
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
}

interface Tls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** An etcd v2 error answer (`{"errorCode":105,"message":…,"cause":…,"index":…}`), formatted as Go's client does. */
export interface EtcdErrorBody {
  readonly errorCode: number;
  readonly message: string;
  readonly cause?: string;
  readonly index: number;
}

export function formatEtcdError(e: EtcdErrorBody): string {
  return `${e.errorCode}: ${e.message} (${e.cause ?? ''}) [${e.index}]`;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly endpoint: string;
}

class ConnectionFailed extends Error {}

function readFileFor(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new AppError(
      errnoCode(err),
      `reading the etcd ${what} file ${path}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export class EtcdV2KvStore implements KvStore {
  private readonly endpoints: readonly URL[];
  private preferred = 0;
  private readonly tls: Tls;
  private readonly auth: string | undefined;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(opts: EtcdV2Options) {
    if (opts.endpoints.length === 0) throw new AppError('USAGE', 'no etcd endpoint given');
    this.endpoints = opts.endpoints.map((e) => {
      let u: URL;
      try {
        u = new URL(e);
      } catch {
        throw new AppError(
          'USAGE',
          `etcd endpoint ${JSON.stringify(e)} is not a URL (http://HOST:PORT or https://HOST:PORT)`,
        );
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:')
        throw new AppError('USAGE', `etcd endpoint ${JSON.stringify(e)} must be http:// or https://`);
      return u;
    });
    if ((opts.certFile === undefined) !== (opts.keyFile === undefined)) {
      throw new AppError('USAGE', 'an etcd client certificate needs both the cert file and the key file');
    }
    this.tls = {
      ...(opts.caFile !== undefined ? { ca: readFileFor('CA', opts.caFile) } : {}),
      ...(opts.certFile !== undefined ? { cert: readFileFor('cert', opts.certFile) } : {}),
      ...(opts.keyFile !== undefined ? { key: readFileFor('key', opts.keyFile) } : {}),
    };
    this.auth =
      opts.username !== undefined || opts.password !== undefined
        ? `Basic ${Buffer.from(`${opts.username ?? ''}:${opts.password ?? ''}`).toString('base64')}`
        : undefined;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.maxBytes = opts.maxResponseBytes ?? 1024 * 1024;
  }

  async createIfAbsent(key: string, value: string, signal?: AbortSignal): Promise<boolean> {
    const a = await this.send('PUT', key, 'prevExist=false', value, signal);
    if (a.status === 201) return true;
    const err = etcdError(a);
    if (err?.errorCode === 105) return false;
    throw this.failure(a, err);
  }

  async get(key: string, signal?: AbortSignal): Promise<KvEntry | undefined> {
    const a = await this.send('GET', key, 'quorum=false&recursive=false&sorted=false', undefined, signal);
    if (a.status === 200) return nodeOf(a);
    const err = etcdError(a);
    if (err?.errorCode === 100) return undefined;
    throw this.failure(a, err);
  }

  async compareAndSwap(key: string, value: string, prevIndex: number, signal?: AbortSignal): Promise<CasResult> {
    const a = await this.send('PUT', key, `prevIndex=${prevIndex}`, value, signal);
    if (a.status === 200 || a.status === 201) return { ok: true, index: nodeOf(a).index };
    const err = etcdError(a);
    if (err?.errorCode === 101) return { ok: false, message: formatEtcdError(err) };
    throw this.failure(a, err);
  }

  private failure(a: Answer, err: EtcdErrorBody | undefined): AppError {
    if (err !== undefined)
      return new AppError('ETCD_REQUEST_FAILED', formatEtcdError(err), { details: { endpoint: a.endpoint, ...err } });
    return badAnswer(a.endpoint, `HTTP ${a.status} without an etcd error body`);
  }

  /** One request, endpoint after endpoint until one answers. */
  private async send(
    method: 'GET' | 'PUT',
    key: string,
    query: string,
    value: string | undefined,
    signal?: AbortSignal,
  ): Promise<Answer> {
    const n = this.endpoints.length;
    const reasons: string[] = [];
    let serverError: Answer | undefined;
    for (let i = 0; i < n; i++) {
      const at = (this.preferred + i) % n;
      const ep = this.endpoints[at]!;
      signal?.throwIfAborted();
      try {
        const a = await this.once(ep, method, key, query, value, signal);
        // A member that answers with an etcd error of its own at 5xx (no leader, a
        // timed-out proposal) is passed over for the next one, like a dead one.
        if (a.status >= 500 && etcdError(a) !== undefined && i < n - 1) {
          serverError = a;
          reasons.push(`${origin(ep)} (${formatEtcdError(etcdError(a)!)})`);
          continue;
        }
        this.preferred = at;
        return a;
      } catch (err) {
        if (!(err instanceof ConnectionFailed)) throw err;
        reasons.push(`${origin(ep)} (${err.message})`);
      }
    }
    if (serverError !== undefined) return serverError;
    throw new AppError(
      'ETCD_UNAVAILABLE',
      `no etcd endpoints available, tried: ${this.endpoints.map(origin).join(',')}`,
      {
        details: { tried: reasons },
        hint: 'is etcd running there, with --enable-v2=true? (each endpoint: ' + reasons.join('; ') + ')',
      },
    );
  }

  private once(
    ep: URL,
    method: 'GET' | 'PUT',
    key: string,
    query: string,
    value: string | undefined,
    signal?: AbortSignal,
  ): Promise<Answer> {
    const path = `${ep.pathname.replace(/\/+$/, '')}/v2/keys/${key.split('/').map(encodeURIComponent).join('/')}?${query}`;
    const body = value === undefined ? undefined : `value=${queryEscape(value)}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    if (this.auth !== undefined) headers['authorization'] = this.auth;
    const send = ep.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      const done = (f: () => void): void => {
        if (!settled) {
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          f();
        }
      };
      const req = send(
        {
          protocol: ep.protocol,
          hostname: ep.hostname,
          port: ep.port,
          path,
          method,
          headers,
          timeout: this.timeoutMs,
          agent: false,
          ...this.tls,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > this.maxBytes) {
              res.destroy();
              done(() => reject(badAnswer(origin(ep), `an answer larger than ${this.maxBytes} bytes`)));
              return;
            }
            chunks.push(c);
          });
          res.on('error', (err) => done(() => reject(new ConnectionFailed(networkReason(err)))));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              const hint = res.statusCode === 404 ? ' (is etcd running with --enable-v2=true?)' : '';
              done(() =>
                reject(
                  badAnswer(
                    origin(ep),
                    `HTTP ${res.statusCode ?? 0} with a body that is not JSON: ${JSON.stringify(text.slice(0, 80))}${hint}`,
                  ),
                ),
              );
              return;
            }
            done(() => resolve({ status: res.statusCode ?? 0, body: parsed, endpoint: origin(ep) }));
          });
        },
      );
      const onAbort = (): void => {
        req.destroy();
        done(() => reject(signal?.reason ?? new Error('aborted')));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('timeout', () => {
        req.destroy();
        done(() => reject(new ConnectionFailed(`no answer within ${this.timeoutMs} ms`)));
      });
      req.on('error', (err) => {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (
          code.startsWith('ERR_TLS') ||
          code.startsWith('ERR_SSL') ||
          /certificate|self.signed|SSL/i.test(err.message)
        ) {
          done(() => reject(new AppError('ETCD_UNAVAILABLE', `TLS to ${origin(ep)} failed: ${err.message}`)));
          return;
        }
        done(() => reject(new ConnectionFailed(networkReason(err))));
      });
      req.end(body);
    });
  }
}

function origin(u: URL): string {
  return u.href.replace(/\/$/, '');
}

function badAnswer(endpoint: string, what: string): AppError {
  return new AppError('ETCD_BAD_RESPONSE', `${endpoint} answered ${what}; it does not look like etcd's v2 keys API`);
}

function etcdError(a: Answer): EtcdErrorBody | undefined {
  const b = a.body as Partial<EtcdErrorBody> | null;
  if (b === null || typeof b !== 'object' || typeof b.errorCode !== 'number' || typeof b.message !== 'string')
    return undefined;
  return {
    errorCode: b.errorCode,
    message: b.message,
    ...(typeof b.cause === 'string' ? { cause: b.cause } : {}),
    index: typeof b.index === 'number' ? b.index : 0,
  };
}

function nodeOf(a: Answer): KvEntry {
  const node = (a.body as { node?: { value?: unknown; modifiedIndex?: unknown } } | null)?.node;
  if (
    node === undefined ||
    node === null ||
    typeof node !== 'object' ||
    typeof node.value !== 'string' ||
    typeof node.modifiedIndex !== 'number'
  ) {
    throw badAnswer(a.endpoint, `HTTP ${a.status} without a node value and modifiedIndex`);
  }
  return { value: node.value, index: node.modifiedIndex };
}
