/**
 * data: URLs (RFC 2397) as the dataurl library Ignition uses decodes them,
 * in chunks: a 60 MB URL is decoded a slice at a time, never into one array.
 * Percent escapes are decoded first; with ";base64" the result is then read
 * as base64 (standard or URL-safe alphabet; whitespace and "=" skipped).
 */
import { AppError } from '../core/index.js';

/** Characters of the URL decoded per chunk (about as many bytes out). */
const SLICE = 1 << 20;

/** Base64 values by byte: the standard and URL-safe alphabets; SKIP for "=" and ASCII whitespace; -1 for the rest. */
const SKIP = 64;
const B64 = new Int8Array(256).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((c, i) => (B64[c.charCodeAt(0)] = i));
B64['-'.charCodeAt(0)] = 62;
B64['_'.charCodeAt(0)] = 63;
for (const c of '= \t\n\v\f\r') B64[c.charCodeAt(0)] = SKIP;

const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

const enc = new TextEncoder();

/** Percent-decodes one slice; other characters as their UTF-8 bytes. */
function percentDecode(text: string): Uint8Array {
  const ascii = !/[^\x00-\x7f]/.test(text);
  if (ascii && text.indexOf('%') < 0) {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
  const out = new Uint8Array(ascii ? text.length : text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      c === 37 &&
      i + 2 < text.length &&
      hexValue(text.charCodeAt(i + 1)) >= 0 &&
      hexValue(text.charCodeAt(i + 2)) >= 0
    ) {
      out[n++] = hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2));
      i += 2;
    } else if (c < 0x80) out[n++] = c;
    else {
      const hi = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
      n += enc.encodeInto(text.slice(i, i + hi), out.subarray(n)).written;
      i += hi - 1;
    }
  }
  return out.subarray(0, n);
}

/** The URL's data part in slices that split neither a "%XX" escape nor a surrogate pair. */
function* slices(data: string): Generator<string> {
  let i = 0;
  while (i < data.length) {
    let end = Math.min(i + SLICE, data.length);
    if (end < data.length) {
      if (data[end - 2] === '%') end -= 2;
      else if (data[end - 1] === '%') end -= 1;
      const c = data.charCodeAt(end - 1);
      if (c >= 0xd800 && c <= 0xdbff) end--;
    }
    yield data.slice(i, end);
    i = end;
  }
}

/** Base64 decoding across slices: the bits not yet made into a byte. */
interface B64State {
  acc: number;
  bits: number;
}

/** One slice of base64 text (as bytes) decoded; a plain function, so that the engine optimizes its loop. */
function base64Slice(bytes: Uint8Array, st: B64State): Uint8Array {
  const out = new Uint8Array(Math.ceil((bytes.length * 3) / 4) + 1);
  let n = 0;
  let { acc, bits } = st;
  for (let i = 0; i < bytes.length; i++) {
    const v = B64[bytes[i]!]!;
    if (v === SKIP) continue;
    if (v < 0) throw new AppError('PROVISION_FETCH_FAILED', 'invalid base64 in data URL');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  st.acc = acc;
  st.bits = bits;
  return out.subarray(0, n);
}

/** The decoded bytes of a data: URL, chunk by chunk. Throws PROVISION_FETCH_FAILED for a malformed URL or invalid base64. */
export function* dataUrlChunks(url: string): Generator<Uint8Array> {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new AppError('PROVISION_FETCH_FAILED', 'malformed data URL');
  const base64 = /;base64$/i.test(url.slice(5, comma));
  const data = url.slice(comma + 1);
  const st: B64State = { acc: 0, bits: 0 };
  for (const part of slices(data)) {
    const bytes = percentDecode(part);
    yield base64 ? base64Slice(bytes, st) : bytes;
  }
}

/** The whole decoded data: URL (for small ones). */
export function decodeDataUrl(url: string): Uint8Array {
  const parts = [...dataUrlChunks(url)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
