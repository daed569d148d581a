/**
 * Share links: the dialect, target and config live in the URL fragment
 * (`#d=ignition&t=3.4.0&z=…`), which browsers never send to a server.
 * `z` is the UTF-8 text compressed with deflate-raw, base64url; `s` the same
 * without compression, where CompressionStream is missing. Pure apart from
 * the standard CompressionStream (in browsers and Node 18+).
 */
export interface Shared {
  readonly dialect: string;
  readonly target: string;
  readonly source: string;
}

const toBase64Url = (bytes: Uint8Array): string => {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (s: string): Uint8Array => {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};

/** The most text a link may unpack to (a small fragment can inflate to gigabytes). */
export const MAX_SHARED_BYTES = 8 * 1024 * 1024;

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_SHARED_BYTES) {
      await reader.cancel();
      throw new Error(`more than ${MAX_SHARED_BYTES} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function encodeShare(s: Shared): Promise<string> {
  const params = new URLSearchParams({ d: s.dialect });
  if (s.target !== '') params.set('t', s.target);
  const utf8 = new TextEncoder().encode(s.source);
  if (typeof CompressionStream === 'function')
    params.set('z', toBase64Url(await through(utf8, new CompressionStream('deflate-raw'))));
  else params.set('s', toBase64Url(utf8));
  return `#${params.toString()}`;
}

/** The shared state in a fragment (with or without `#`), or undefined when it holds none or is damaged. */
export async function decodeShare(fragment: string): Promise<Shared | undefined> {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const dialect = params.get('d');
  const z = params.get('z');
  const plain = params.get('s');
  if (dialect === null || (z === null && plain === null)) return undefined;
  try {
    const bytes =
      z !== null ? await through(fromBase64Url(z), new DecompressionStream('deflate-raw')) : fromBase64Url(plain!);
    const source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { dialect, target: params.get('t') ?? '', source };
  } catch {
    return undefined;
  }
}
