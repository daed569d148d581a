import type { ScalarStyle } from './_tree.js';
import { goResolve, shortTag, type GoResolved } from './go-resolve.js';

/** What go-yaml needs to know about a scalar node to decode it. */
export interface ScalarFacts {
  readonly text: string;
  readonly style: ScalarStyle;
  /** The explicit tag, if any ('!' counts as none, as in go-yaml's parser). */
  readonly tag?: string | undefined;
}

/**
 * The tag go-yaml's parser gives a scalar node (Node.ShortTag()): the
 * explicit tag; else !!str for quoted and block scalars; else !!merge for a
 * plain `<<`; else what the plain text resolves to.
 */
export function nodeTag(s: ScalarFacts): string {
  if (s.tag !== undefined && s.tag !== '' && s.tag !== '!') return shortTag(s.tag);
  if (s.style !== 'plain') return '!!str';
  if (s.text === '<<') return '!!merge';
  const r = goResolve('', s.text);
  return r.ok ? r.tag : '!!str';
}

/**
 * What go-yaml's decoder resolves a scalar to (decode.go, d.scalar): a node
 * tagged !!str (quoted, block, or plain text that resolves to a string) keeps
 * its text; otherwise resolve(tag, text), with !!binary base64-decoded.
 */
export function resolveScalar(s: ScalarFacts): GoResolved {
  const tag = nodeTag(s);
  if (tag === '!!str') return { ok: true, tag, value: s.text };
  const r = goResolve(tag, s.text);
  if (r.ok && r.tag === '!!binary') {
    const decoded = decodeBase64(s.text);
    return decoded === undefined
      ? { ok: false, message: '!!binary value contains invalid base64 data' }
      : { ok: true, tag: '!!binary', value: decoded };
  }
  return r;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Go's base64.StdEncoding.DecodeString (which skips \r and \n), decoded as UTF-8. */
export function decodeBase64(text: string): string | undefined {
  const s = text.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(={0,2})$/.test(s)) return undefined;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n =
      (B64.indexOf(s[i] as string) << 18) |
      (B64.indexOf(s[i + 1] as string) << 12) |
      ((s[i + 2] === '=' ? 0 : B64.indexOf(s[i + 2] as string)) << 6) |
      (s[i + 3] === '=' ? 0 : B64.indexOf(s[i + 3] as string));
    if (o < bytes.length) bytes[o++] = (n >> 16) & 0xff;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 0xff;
    if (o < bytes.length) bytes[o++] = n & 0xff;
  }
  return new TextDecoder().decode(bytes);
}
