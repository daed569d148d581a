/**
 * The conditional request headers of a download (RFC 9110 §13), evaluated
 * against a file's strong ETag and modification time, in the RFC's order:
 * If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since, If-Range.
 * The route answers 412 and 304 itself and tells `send` (@fastify/send, which
 * only knows weak ETags) whether to honour a Range header.
 */

export type Outcome =
  | { readonly kind: 'precondition-failed' }
  | { readonly kind: 'not-modified' }
  /** Send the file; `ranges`: a Range header may be honoured (no If-Range, or it matched). */
  | { readonly kind: 'send'; readonly ranges: boolean };

export interface Validators {
  /** Strong: `"…"`, never `W/"…"`. */
  readonly etag: string;
  readonly mtime: Date;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** The headers this module decides on; the route removes them before `send` sees the request. */
export const CONDITIONAL_HEADERS = [
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
] as const;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(', ') : v);

/** The entity tags of an If-Match / If-None-Match list (`*` is its own entry). */
export function entityTags(list: string): string[] {
  return list.match(/\*|(?:W\/)?"[^"]*"/g) ?? [];
}

const opaque = (tag: string): string => (tag.startsWith('W/') ? tag.slice(2) : tag);

/** Seconds since the epoch, as an HTTP date carries them; NaN for a malformed date. */
const dateSeconds = (text: string): number => Math.floor(Date.parse(text) / 1000);

export function evaluateConditions(method: string, headers: Headers, file: Validators): Outcome {
  const modified = Math.floor(file.mtime.getTime() / 1000);
  const ifMatch = one(headers['if-match']);
  if (ifMatch !== undefined) {
    // Strong comparison: a weak tag never matches.
    if (!entityTags(ifMatch).some((t) => t === '*' || t === file.etag)) return { kind: 'precondition-failed' };
  } else {
    const since = one(headers['if-unmodified-since']);
    if (since !== undefined && !Number.isNaN(dateSeconds(since)) && modified > dateSeconds(since))
      return { kind: 'precondition-failed' };
  }
  const safe = method === 'GET' || method === 'HEAD';
  const ifNoneMatch = one(headers['if-none-match']);
  if (ifNoneMatch !== undefined) {
    // Weak comparison.
    if (safe && entityTags(ifNoneMatch).some((t) => t === '*' || opaque(t) === file.etag))
      return { kind: 'not-modified' };
  } else {
    const since = one(headers['if-modified-since']);
    if (safe && since !== undefined && !Number.isNaN(dateSeconds(since)) && modified <= dateSeconds(since))
      return { kind: 'not-modified' };
  }
  const ifRange = one(headers['if-range']);
  if (ifRange === undefined) return { kind: 'send', ranges: true };
  const tag = ifRange.trim();
  // An entity tag must match exactly (strong); a date must be the Last-Modified date itself.
  const fresh = tag.startsWith('"') || tag.startsWith('W/') ? tag === file.etag : dateSeconds(tag) === modified;
  return { kind: 'send', ranges: fresh };
}
