/**
 * One HTTP(S) GET with what Ignition's fetcher (Go's net/http client) offers:
 * extra CAs (added to the system's), an http proxy (absolute-URI requests) or
 * https proxy (CONNECT), noProxy, redirects (at most 10, as Go's default
 * client: "stopped after 10 redirects"; Authorization and cookies are dropped
 * on a redirect to another host), a bound on the wait for the response
 * headers, and an abort signal. Resolves with the final response, whose body
 * is read as a stream by the caller.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { lazyBuiltin } from './lazy-builtin.js';
import type { FetchRequest } from '../../provision/index.js';

const http = lazyBuiltin<typeof import('node:http')>('node:http');
const httpsModule = lazyBuiltin<typeof import('node:https')>('node:https');
const tls = lazyBuiltin<typeof import('node:tls')>('node:tls');

export interface HttpOptions {
  /** Bound on each request until its response headers, in ms (0: none). */
  readonly headersMs: number;
  /** Bound on a silent connection once the headers are in, in ms. */
  readonly idleMs: number;
  /** Aborts the request and its body (ignition.timeouts.httpTotal). */
  readonly signal?: AbortSignal;
}

/** A failure that retrying cannot mend (too many redirects, a redirect to another scheme). */
export class PermanentHttpError extends Error {}

/** Go's http.Client default: the 10th redirect response is an error. */
export const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers Go's client forwards on a redirect only to the same host or a subdomain of it. */
const SENSITIVE = new Set(['authorization', 'www-authenticate', 'cookie', 'cookie2']);

function bypass(host: string, noProxy: readonly string[] = []): boolean {
  return noProxy.some(
    (n) => n === '*' || host === n || (n.startsWith('.') ? host.endsWith(n) : host.endsWith(`.${n}`)),
  );
}

const isDomainOrSubdomain = (sub: string, parent: string): boolean => sub === parent || sub.endsWith(`.${parent}`);

function connectThrough(proxy: URL, host: string, port: number, opts: HttpOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = http().request({
      host: proxy.hostname,
      port: Number(proxy.port || 80),
      method: 'CONNECT',
      path: `${host}:${port}`,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const timer =
      opts.headersMs > 0
        ? setTimeout(
            () => req.destroy(new Error(`the proxy did not answer CONNECT within ${opts.headersMs / 1000} s`)),
            opts.headersMs,
          )
        : undefined;
    req.on('connect', (res, socket) => {
      clearTimeout(timer);
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`proxy CONNECT answered ${res.statusCode}`));
      }
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

/** One request, without following redirects. */
async function once(
  url: URL,
  headers: Record<string, string>,
  req: FetchRequest,
  opts: HttpOptions,
): Promise<IncomingMessage> {
  const https = url.protocol === 'https:';
  const port = Number(url.port || (https ? 443 : 80));
  const ca = req.cas && req.cas.length > 0 ? [...tls().rootCertificates, ...req.cas] : undefined;
  const proxyUrl = bypass(url.hostname, req.proxy?.noProxy)
    ? undefined
    : https
      ? req.proxy?.httpsProxy
      : req.proxy?.httpProxy;
  const proxy = proxyUrl ? new URL(proxyUrl) : undefined;
  const signal = opts.signal ? { signal: opts.signal } : {};
  const started = Date.now();
  const tunnel = https && proxy ? await connectThrough(proxy, url.hostname, port, opts) : undefined;
  const path = url.pathname + url.search;
  let r: ClientRequest;
  if (!https && proxy) {
    r = http().request({
      host: proxy.hostname,
      port: Number(proxy.port || 80),
      path: url.href,
      headers: { ...headers, Host: url.host },
      agent: false,
      ...signal,
    });
  } else if (tunnel) {
    const servername = /^[0-9.]+$|:/.test(url.hostname) ? {} : { servername: url.hostname };
    r = httpsModule().request({
      host: url.hostname,
      port,
      path,
      headers,
      agent: false,
      ...signal,
      ...(ca ? { ca } : {}),
      createConnection: () =>
        tls().connect({ socket: tunnel, host: url.hostname, ...servername, ...(ca ? { ca } : {}) }),
    });
  } else if (https) {
    r = httpsModule().request({
      host: url.hostname,
      port,
      path,
      headers,
      agent: false,
      ...signal,
      ...(ca ? { ca } : {}),
    });
  } else {
    r = http().request({ host: url.hostname, port, path, headers, agent: false, ...signal });
  }
  return new Promise<IncomingMessage>((resolve, reject) => {
    const left = opts.headersMs > 0 ? Math.max(1, opts.headersMs - (Date.now() - started)) : 0;
    const timer =
      left > 0
        ? setTimeout(
            () =>
              r.destroy(
                new Error(
                  `no response headers within ${opts.headersMs / 1000} s (ignition.timeouts.httpResponseHeaders)`,
                ),
              ),
            left,
          )
        : undefined;
    r.on('response', (res) => {
      clearTimeout(timer);
      res.setTimeout(opts.idleMs, () =>
        res.destroy(new Error(`the connection was silent for ${opts.idleMs / 1000} s`)),
      );
      resolve(res);
    });
    r.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    r.end();
  });
}

/** GET with redirects followed; the final response (any status) for the caller to read or discard. */
export async function httpOpen(req: FetchRequest, opts: HttpOptions): Promise<IncomingMessage> {
  const first = new URL(req.url);
  const base: Record<string, string> = { 'User-Agent': 'Ignition/2.14.0 (Hull)', 'Accept-Encoding': 'identity' };
  for (const h of req.headers) base[h.name] = h.value;
  let url = first;
  for (let redirects = 0; ; redirects++) {
    const headers =
      url.hostname === first.hostname
        ? base
        : Object.fromEntries(
            Object.entries(base).filter(
              ([k]) => !SENSITIVE.has(k.toLowerCase()) || isDomainOrSubdomain(url.hostname, first.hostname),
            ),
          );
    const res = await once(url, headers, req, opts);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || location === undefined) return res;
    res.destroy();
    if (redirects + 1 >= MAX_REDIRECTS) throw new PermanentHttpError(`stopped after ${MAX_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new PermanentHttpError(`failed to parse Location header ${JSON.stringify(location.slice(0, 200))}`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      throw new PermanentHttpError(`redirected to the unsupported protocol scheme "${next.protocol.slice(0, -1)}"`);
    url = next;
  }
}
