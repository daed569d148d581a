/**
 * Fetching one resource as Ignition's FetchOp does, as a stream: data: URLs
 * decoded here in chunks, other schemes opened through the Fetcher port; then
 * decompression (gzip) and the verification hash, both on the fly. Every
 * stream is bounded: past `maxBytes` (fetched, or decompressed) it stops at
 * the first byte too many; the hash is compared when the stream ends, and a
 * mismatch is thrown there, so a writer that stages the chunks in a temporary
 * file (TargetFs.writeFileFrom) never puts unverified bytes in place.
 */
import { AppError } from '../core/index.js';
import { DEFAULT_MAX_BYTES } from '../source/index.js';
import type { EngineConfig, Resource } from './config-shape.js';
import { dataUrlChunks, decodeDataUrl } from './data-url.js';
import type { Codec, Fetcher, FetchRequest } from './ports.js';

export const FETCHABLE_SCHEMES = ['data', 'file', 'http', 'https'] as const;

/** The default bound of one file's contents or append, fetched and decompressed (--max-fetch-size). */
export const DEFAULT_MAX_RESOURCE_BYTES = 4 * 1024 ** 3;
/** Configs (ignition.config merge/replace) and CAs are read whole: they are bounded as config texts are. */
export const MAX_CONFIG_BYTES = DEFAULT_MAX_BYTES;
/** Ignition's defaults for ignition.timeouts, in seconds. */
export const DEFAULT_TIMEOUTS = { httpResponseHeaders: 10, httpTotal: 0 } as const;

export function schemeOf(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  return m ? m[1]!.toLowerCase() : '';
}

export interface FetchContext {
  readonly cas?: readonly string[];
  readonly proxy?: FetchRequest['proxy'];
  readonly timeouts?: FetchRequest['timeouts'];
  /** The bound of each resource, fetched and decompressed (default DEFAULT_MAX_RESOURCE_BYTES). */
  readonly maxBytes?: number;
}

const short = (url: string) => (url.length > 80 ? `${url.slice(0, 77)}...` : url);

export function describeBytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} bytes`;
}

function tooLarge(url: string, limit: number, what: string): AppError {
  return new AppError(
    'PROVISION_RESOURCE_TOO_LARGE',
    `${short(url)}: ${what} is larger than the limit of ${describeBytes(limit)}`,
  );
}

/** The chunks, stopping with an error at the first byte past `limit`. */
async function* bounded(
  src: AsyncIterable<Uint8Array>,
  limit: number,
  onOver: () => AppError,
): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const c of src) {
    n += c.length;
    if (n > limit) throw onOver();
    yield c;
  }
}

/** Errors of the decompressor that are not the input's own are the data's fault. */
async function* gunzipped(codec: Codec, src: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* codec.gunzip(src);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('PROVISION_VERIFICATION_FAILED', `cannot decompress (gzip): ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function expectedHash(res: Resource): { alg: 'sha512' | 'sha256'; want: string } | undefined {
  const hash = res.verification?.hash;
  if (hash === undefined || hash === '') return undefined;
  const dash = hash.indexOf('-');
  const alg = hash.slice(0, dash);
  if (alg !== 'sha512' && alg !== 'sha256')
    throw new AppError('PROVISION_VERIFICATION_FAILED', `unsupported hash function ${alg}`);
  return { alg, want: hash.slice(dash + 1).toLowerCase() };
}

/** data: URLs up to this length are decoded whole by inlineBytes (longer ones stream). */
const INLINE_DATA_URL = 1 << 16;

/** Whether inlineBytes takes this resource (a short uncompressed data: URL). */
export function isInline(res: Resource, ctx: FetchContext = {}): boolean {
  const url = res.source ?? '';
  const limit = ctx.maxBytes ?? DEFAULT_MAX_RESOURCE_BYTES;
  // Decoding never makes more bytes than the URL has characters: within the bound.
  return url.length <= INLINE_DATA_URL && url.length <= limit && res.compression !== 'gzip' && schemeOf(url) === 'data';
}

/**
 * A short uncompressed data: URL's bytes, decoded and verified at once: what
 * resourceChunks would give, with the same errors, without a stream. Undefined
 * for every other resource (the caller streams it with resourceChunks).
 */
export function inlineBytes(res: Resource, codec: Codec, ctx: FetchContext = {}): Uint8Array | undefined {
  if (!isInline(res, ctx)) return undefined;
  const url = res.source ?? '';
  const hash = expectedHash(res);
  const bytes = decodeDataUrl(url);
  if (hash) {
    const hasher = codec.hasher(hash.alg);
    hasher.update(bytes);
    const got = hasher.digest();
    if (got !== hash.want)
      throw new AppError(
        'PROVISION_VERIFICATION_FAILED',
        `content does not match the ${hash.alg} hash: expected ${hash.want}, got ${got}`,
      );
  }
  return bytes;
}

/**
 * The resource's bytes as they arrive (nothing is opened before the first
 * read): decompressed, bounded, and verified when the stream ends.
 */
export async function* resourceChunks(
  res: Resource,
  fetcher: Fetcher,
  codec: Codec,
  ctx: FetchContext = {},
): AsyncGenerator<Uint8Array> {
  const url = res.source ?? '';
  const limit = ctx.maxBytes ?? DEFAULT_MAX_RESOURCE_BYTES;
  const scheme = schemeOf(url);
  const hash = expectedHash(res);
  let close = (): void => undefined;
  let raw: AsyncIterable<Uint8Array>;
  if (url === '') raw = (async function* () {})();
  else if (scheme === 'data')
    raw = (async function* () {
      yield* dataUrlChunks(url);
    })();
  else if (scheme === 'file' || scheme === 'http' || scheme === 'https') {
    const headers = (res.httpHeaders ?? []).map((h) => ({ name: h.name, value: h.value ?? '' }));
    const body = await fetcher.open({
      url,
      headers,
      ...(ctx.cas ? { cas: ctx.cas } : {}),
      ...(ctx.proxy ? { proxy: ctx.proxy } : {}),
      ...(ctx.timeouts ? { timeouts: ctx.timeouts } : {}),
    });
    close = () => body.close();
    if (body.size !== undefined && body.size > limit) {
      close();
      throw tooLarge(url, limit, `its announced size (${body.size} bytes)`);
    }
    raw = body.chunks;
  } else throw new AppError('PROVISION_FETCH_FAILED', `unsupported source scheme "${scheme}" in ${short(url)}`);
  try {
    let out = bounded(raw, limit, () => tooLarge(url, limit, 'the fetched resource'));
    if (res.compression === 'gzip')
      out = bounded(gunzipped(codec, out), limit, () => tooLarge(url, limit, 'the decompressed resource'));
    const hasher = hash ? codec.hasher(hash.alg) : undefined;
    for await (const c of out) {
      hasher?.update(c);
      yield c;
    }
    if (hash && hasher) {
      const got = hasher.digest();
      if (got !== hash.want)
        throw new AppError(
          'PROVISION_VERIFICATION_FAILED',
          `content does not match the ${hash.alg} hash: expected ${hash.want}, got ${got}`,
        );
    }
  } finally {
    close();
  }
}

/** The whole resource, for what is read in memory (configs, CAs): bounded by MAX_CONFIG_BYTES unless ctx says less. */
export async function fetchResource(
  res: Resource,
  fetcher: Fetcher,
  codec: Codec,
  ctx: FetchContext = {},
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of resourceChunks(res, fetcher, codec, {
    ...ctx,
    maxBytes: Math.min(ctx.maxBytes ?? MAX_CONFIG_BYTES, MAX_CONFIG_BYTES),
  })) {
    parts.push(c);
    n += c.length;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** ignition.timeouts with Ignition's defaults filled in. */
export function timeoutsOf(cfg: EngineConfig): NonNullable<FetchRequest['timeouts']> {
  const t = cfg.ignition.timeouts;
  return {
    httpResponseHeaders: t?.httpResponseHeaders ?? DEFAULT_TIMEOUTS.httpResponseHeaders,
    httpTotal: t?.httpTotal ?? DEFAULT_TIMEOUTS.httpTotal,
  };
}

/** The timeouts, CAs (fetched and verified themselves, without them) and proxy settings a config gives its fetches. */
export async function fetchContext(
  cfg: EngineConfig,
  fetcher: Fetcher,
  codec: Codec,
  maxBytes?: number,
): Promise<FetchContext> {
  const timeouts = timeoutsOf(cfg);
  const p = cfg.ignition.proxy;
  const proxy =
    p && (p.httpProxy || p.httpsProxy)
      ? {
          ...(p.httpProxy ? { httpProxy: p.httpProxy } : {}),
          ...(p.httpsProxy ? { httpsProxy: p.httpsProxy } : {}),
          noProxy: p.noProxy ?? [],
        }
      : undefined;
  const cas: string[] = [];
  for (const ca of cfg.ignition.security?.tls?.certificateAuthorities ?? []) {
    if (ca.source)
      cas.push(
        new TextDecoder().decode(await fetchResource(ca, fetcher, codec, { timeouts, ...(proxy ? { proxy } : {}) })),
      );
  }
  return {
    timeouts,
    ...(cas.length ? { cas } : {}),
    ...(proxy ? { proxy } : {}),
    ...(maxBytes !== undefined ? { maxBytes } : {}),
  };
}
