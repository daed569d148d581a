import { createGunzip, createInflate } from 'node:zlib';
import { Readable } from 'node:stream';
import { ReadableStream } from 'node:stream/web';
import { Decompress as ZstdDecompress } from 'fzstd';
import * as xzModule from 'xz-decompress';
import { BodyAborted } from '../../journal/index.js';

/**
 * The `Content-Encoding`s the journal receiver takes (D48): systemd 258's
 * uploader sends zstd or xz when the receiver advertises them (lz4 too, which
 * Hull does not advertise), Hull's own agents may send gzip. zstd through
 * `fzstd` (pure JS, streaming), xz through `xz-decompress` (xz-embedded in
 * WebAssembly, streaming), gzip and deflate through node:zlib.
 */
// A UMD (CommonJS) module: under ESM its exports are on `default`; bundled, they are the namespace itself.
const XzReadableStream: typeof xzModule.XzReadableStream =
  (xzModule as unknown as { default?: typeof xzModule }).default?.XzReadableStream ?? xzModule.XzReadableStream;

export const ACCEPTED_ENCODINGS = ['zstd', 'xz', 'gzip', 'deflate'] as const;
export type AcceptedEncoding = (typeof ACCEPTED_ENCODINGS)[number];

/** The encoding named by a Content-Encoding header (`identity` or none: undefined), or null when it is one Hull cannot decode. */
export function parseContentEncoding(header: string | undefined): AcceptedEncoding | undefined | null {
  const v = (header ?? '').trim().toLowerCase();
  if (v === '' || v === 'identity') return undefined;
  if (v === 'x-gzip') return 'gzip';
  return (ACCEPTED_ENCODINGS as readonly string[]).includes(v) ? (v as AcceptedEncoding) : null;
}

/** The body decoded as it streams. A malformed compressed stream throws `DecodingError`. */
export async function* decodeBody(
  body: AsyncIterable<Uint8Array>,
  encoding: AcceptedEncoding | undefined,
): AsyncGenerator<Uint8Array> {
  if (encoding === undefined) {
    yield* body;
    return;
  }
  if (encoding === 'gzip' || encoding === 'deflate') {
    const z = encoding === 'gzip' ? createGunzip() : createInflate();
    const src = Readable.from(body, { objectMode: false });
    src.on('error', (e) => z.destroy(e));
    src.pipe(z);
    try {
      for await (const c of z) yield c as Uint8Array;
    } catch (err) {
      throw wrap(err);
    }
    return;
  }
  if (encoding === 'zstd') {
    const out: Uint8Array[] = [];
    const d = new ZstdDecompress((chunk) => {
      out.push(chunk);
    });
    try {
      for await (const c of body) {
        d.push(c);
        while (out.length > 0) yield out.shift()!;
      }
      d.push(new Uint8Array(0), true);
    } catch (err) {
      throw wrap(err);
    }
    while (out.length > 0) yield out.shift()!;
    return;
  }
  const web = ReadableStream.from(body) as unknown as globalThis.ReadableStream<Uint8Array>;
  const xz = new XzReadableStream(web) as unknown as AsyncIterable<Uint8Array>;
  try {
    for await (const c of xz) yield c;
  } catch (err) {
    throw wrap(err);
  }
}

/** A compressed body that does not decode. */
export class DecodingError extends Error {}

function wrap(err: unknown): unknown {
  if (err instanceof DecodingError) return err;
  // The body's own failures (the client went away) pass through unchanged.
  if (err instanceof BodyAborted) return err;
  return new DecodingError(err instanceof Error ? err.message : String(err));
}
