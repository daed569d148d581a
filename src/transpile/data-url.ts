/**
 * Butane's data URLs (base/util MakeDataURL): of the percent-escaped form
 * (`data:,…`, RFC 2396 unreserved characters kept), base64 (`data:;base64,…`,
 * only when strictly shorter) and gzip + base64 (only when its length plus
 * four, for `"gzip"`, is smaller still), the shortest wins. The gzip step
 * is a function the caller passes in (Butane's `gzip` port); `goGzip`
 * (./go-gzip) gives Go's bytes.
 */
import { base64Encode, dataUrlEscape } from '../go/index.js';

/** Gzip at best compression, as Go's gzip.NewWriterLevel(BestCompression) does. */
export type GzipFn = (data: Uint8Array) => Uint8Array;

/** The vincent-petithory/dataurl Escape of bytes and Go's base64 (their home: src/go). */
export { base64Encode, dataUrlEscape };

export interface DataUrl {
  readonly url: string;
  /**
   * The compression to write: `''` when the user set none (written
   * explicitly so a parent config's compression cannot leak in on merge),
   * `'gzip'` when Butane compressed, undefined when the user had set one
   * (the contents are already compressed; leave the field as it is).
   */
  readonly compression: string | undefined;
}

/** The shortest gzip data URL's opaque part with its `compression` field counted: `;base64,` and 20 bytes in base64, plus 'gzip'. */
const GZIP_SHORTEST = ';base64,'.length + 28 + 'gzip'.length;

/**
 * The shortest data URL for `contents`. `currentCompression` is what the
 * user wrote (undefined or '' for none); `gzip` undefined disables the
 * compressed candidate.
 */
export function makeDataUrl(
  contents: Uint8Array,
  currentCompression: string | undefined,
  gzip: GzipFn | undefined,
): DataUrl {
  const userCompressed = currentCompression !== undefined && currentCompression !== '';
  let compression: string | undefined = userCompressed ? undefined : '';
  let opaque = `,${dataUrlEscape(contents)}`;
  const b64 = `;base64,${base64Encode(contents)}`;
  if (b64.length < opaque.length) opaque = b64;
  // A gzip stream is at least 20 bytes (10 of header, 8 of trailer, 2 of the smallest deflate block), so
  // its URL at least GZIP_SHORTEST characters: a shorter one is kept without compressing at all.
  if (!userCompressed && gzip !== undefined && opaque.length > GZIP_SHORTEST) {
    const gz = `;base64,${base64Encode(gzip(contents))}`;
    if (gz.length + 'gzip'.length < opaque.length) {
      opaque = gz;
      compression = 'gzip';
    }
  }
  return { url: `data:${opaque}`, compression };
}

/** UTF-8 bytes of a string (TextEncoder is in every JS runtime). */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
