/**
 * Fetching one resource as Ignition's FetchOp does: data: URLs decoded here,
 * other schemes through the Fetcher port; then decompression (gzip) and the
 * verification hash, checked before the bytes are used.
 */
import { AppError } from '../core/index.js';
import type { EngineConfig, Resource } from './config-shape.js';
import { decodeDataUrl } from './data-url.js';
import type { Codec, Fetcher, FetchRequest } from './ports.js';

export const FETCHABLE_SCHEMES = ['data', 'file', 'http', 'https'] as const;

export function schemeOf(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  return m ? m[1]!.toLowerCase() : '';
}

export interface FetchContext {
  readonly cas?: readonly string[];
  readonly proxy?: FetchRequest['proxy'];
}

export async function fetchResource(res: Resource, fetcher: Fetcher, codec: Codec, ctx: FetchContext = {}): Promise<Uint8Array> {
  const url = res.source ?? '';
  let bytes: Uint8Array;
  const scheme = schemeOf(url);
  if (url === '') bytes = new Uint8Array();
  else if (scheme === 'data') bytes = decodeDataUrl(url);
  else if (scheme === 'file' || scheme === 'http' || scheme === 'https') {
    const headers = (res.httpHeaders ?? []).map((h) => ({ name: h.name, value: h.value ?? '' }));
    bytes = await fetcher.fetch({ url, headers, ...(ctx.cas ? { cas: ctx.cas } : {}), ...(ctx.proxy ? { proxy: ctx.proxy } : {}) });
  } else throw new AppError('PROVISION_FETCH_FAILED', `unsupported source scheme "${scheme}" in ${url.slice(0, 60)}`);
  if (res.compression === 'gzip') {
    try {
      bytes = codec.gunzip(bytes);
    } catch (err) {
      throw new AppError('PROVISION_VERIFICATION_FAILED', `cannot decompress (gzip): ${(err as Error).message}`, { cause: err });
    }
  }
  const hash = res.verification?.hash;
  if (hash !== undefined && hash !== '') {
    const dash = hash.indexOf('-');
    const alg = hash.slice(0, dash);
    const want = hash.slice(dash + 1).toLowerCase();
    if (alg !== 'sha512' && alg !== 'sha256') throw new AppError('PROVISION_VERIFICATION_FAILED', `unsupported hash function ${alg}`);
    const got = codec.digest(alg, bytes);
    if (got !== want) throw new AppError('PROVISION_VERIFICATION_FAILED', `content does not match the ${alg} hash: expected ${want}, got ${got}`);
  }
  return bytes;
}

/** The CAs (fetched and verified themselves, without them) and proxy settings a config gives its fetches. */
export async function fetchContext(cfg: EngineConfig, fetcher: Fetcher, codec: Codec): Promise<FetchContext> {
  const cas: string[] = [];
  for (const ca of cfg.ignition.security?.tls?.certificateAuthorities ?? []) {
    if (ca.source) cas.push(new TextDecoder().decode(await fetchResource(ca, fetcher, codec)));
  }
  const p = cfg.ignition.proxy;
  const proxy = p && (p.httpProxy || p.httpsProxy)
    ? { ...(p.httpProxy ? { httpProxy: p.httpProxy } : {}), ...(p.httpsProxy ? { httpsProxy: p.httpsProxy } : {}), noProxy: p.noProxy ?? [] }
    : undefined;
  return { ...(cas.length ? { cas } : {}), ...(proxy ? { proxy } : {}) };
}
