/**
 * Bytes → text for the two kinds of input, each as its Go reader does.
 *
 * YAML (go-yaml's reader, ct and Butane): invalid UTF-8 is an error with
 * go-yaml's message; nothing is silently replaced by U+FFFD.
 * JSON (encoding/json, ignition-validate): a string's invalid bytes become
 * U+FFFD, one per byte, and the config is accepted; an invalid byte outside a
 * string is a syntax error naming the byte as a Latin-1 character ('ÿ' for
 * 0xFF), which is what the JSON parser then sees.
 */

// ignoreBOM keeps a leading U+FEFF in the text, as Buffer#toString did before.
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface Utf8Error {
  /** go-yaml's reader message, e.g. "invalid leading UTF-8 octet". */
  readonly message: string;
  /** Byte offset of the offending octet. */
  readonly offset: number;
}

export type Utf8Result =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: Utf8Error };

/** Strict UTF-8 decoding; on failure the first invalid sequence, classified as go-yaml's reader does. */
export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    return { ok: true, text: fatal.decode(bytes) };
  } catch {
    return { ok: false, error: firstUtf8Error(bytes) ?? { message: 'invalid UTF-8', offset: 0 } };
  }
}

/** Width of the valid UTF-8 sequence at `i`, or go-yaml's complaint about it. */
function sequenceAt(b: Uint8Array, i: number): number | Utf8Error {
  const o = b[i]!;
  const width = o < 0x80 ? 1 : (o & 0xe0) === 0xc0 ? 2 : (o & 0xf0) === 0xe0 ? 3 : (o & 0xf8) === 0xf0 ? 4 : 0;
  if (width === 0) return { message: 'invalid leading UTF-8 octet', offset: i };
  if (width === 1) return 1;
  if (i + width > b.length) return { message: 'incomplete UTF-8 octet sequence', offset: i };
  let value = o & (width === 2 ? 0x1f : width === 3 ? 0x0f : 0x07);
  for (let k = 1; k < width; k++) {
    const t = b[i + k]!;
    if ((t & 0xc0) !== 0x80) return { message: 'invalid trailing UTF-8 octet', offset: i + k };
    value = (value << 6) + (t & 0x3f);
  }
  if ((width === 2 && value < 0x80) || (width === 3 && value < 0x800) || (width === 4 && value < 0x10000)) {
    return { message: 'invalid length of a UTF-8 sequence', offset: i };
  }
  if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
    return { message: 'invalid Unicode character', offset: i };
  return width;
}

function firstUtf8Error(b: Uint8Array): Utf8Error | undefined {
  for (let i = 0; i < b.length; ) {
    const w = sequenceAt(b, i);
    if (typeof w !== 'number') return w;
    i += w;
  }
  return undefined;
}

/**
 * JSON bytes → text as Go's encoding/json reads them (see the file comment).
 * Valid UTF-8 takes the fast path.
 */
export function decodeJsonBytes(bytes: Uint8Array): string {
  const strict = decodeUtf8(bytes);
  if (strict.ok) return strict.text;
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  const flush = (end: number): void => {
    if (end > start) parts.push(fatal.decode(bytes.subarray(start, end)));
  };
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i]!;
    if (c < 0x80) {
      if (c === 0x22) inString = !inString;
      else if (c === 0x5c && inString && (bytes[i + 1] ?? 0x80) < 0x80) i++; // an escaped quote does not end the string
      i++;
      continue;
    }
    const w = sequenceAt(bytes, i);
    if (typeof w === 'number') {
      i += w;
      continue;
    }
    flush(i);
    parts.push(inString ? '\uFFFD' : String.fromCharCode(c));
    i++;
    start = i;
  }
  flush(bytes.length);
  return parts.join('');
}
