/**
 * One HTTP(S) GET with what Ignition's fetcher offers: extra CAs (added to the
 * system's), an http proxy (absolute-URI requests) or https proxy (CONNECT),
 * noProxy, and a timeout. Resolves with the status and body.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import type { Socket } from 'node:net';
import type { FetchRequest } from '../../provision/index.js';

export interface HttpResult {
  readonly status: number;
  readonly body: Uint8Array;
}

function bypass(host: string, noProxy: readonly string[] = []): boolean {
  return noProxy.some((n) => n === '*' || host === n || (n.startsWith('.') ? host.endsWith(n) : host.endsWith(`.${n}`)));
}

function collect(res: IncomingMessage): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body: new Uint8Array(Buffer.concat(chunks)) }));
    res.on('error', reject);
  });
}

function connectThrough(proxy: URL, host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: proxy.hostname, port: Number(proxy.port || 80), method: 'CONNECT', path: `${host}:${port}`, timeout: timeoutMs });
    req.on('connect', (res, socket) => (res.statusCode === 200 ? resolve(socket) : reject(new Error(`proxy CONNECT answered ${res.statusCode}`))));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export async function httpGet(req: FetchRequest, timeoutMs: number): Promise<HttpResult> {
  const url = new URL(req.url);
  const headers: Record<string, string> = { 'User-Agent': 'Ignition/2.14.0 (Hull)', 'Accept-Encoding': 'identity' };
  for (const h of req.headers) headers[h.name] = h.value;
  const https = url.protocol === 'https:';
  const port = Number(url.port || (https ? 443 : 80));
  const ca = req.cas && req.cas.length > 0 ? [...rootCertificates, ...req.cas] : undefined;
  const proxyUrl = bypass(url.hostname, req.proxy?.noProxy) ? undefined : https ? req.proxy?.httpsProxy : req.proxy?.httpProxy;
  const proxy = proxyUrl ? new URL(proxyUrl) : undefined;
  return new Promise<HttpResult>((resolve, reject) => {
    const done = (r: ReturnType<typeof httpRequest>) => {
      r.on('response', (res) => collect(res).then(resolve, reject));
      r.on('timeout', () => r.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      r.on('error', reject);
      r.end();
    };
    if (!https && proxy) {
      done(httpRequest({ host: proxy.hostname, port: Number(proxy.port || 80), path: url.href, headers: { ...headers, Host: url.host }, timeout: timeoutMs }));
    } else if (https && proxy) {
      connectThrough(proxy, url.hostname, port, timeoutMs).then((socket) => {
        done(httpsRequest({ host: url.hostname, port, path: url.pathname + url.search, headers, timeout: timeoutMs, agent: false, ...(ca ? { ca } : {}), createConnection: () => tlsConnect({ socket, host: url.hostname, ...(/^[0-9.]+$|:/.test(url.hostname) ? {} : { servername: url.hostname }), ...(ca ? { ca } : {}) }) }));
      }, reject);
    } else if (https) {
      done(httpsRequest({ host: url.hostname, port, path: url.pathname + url.search, headers, timeout: timeoutMs, agent: false, ...(ca ? { ca } : {}) }));
    } else {
      done(httpRequest({ host: url.hostname, port, path: url.pathname + url.search, headers, timeout: timeoutMs, agent: false }));
    }
  });
}
