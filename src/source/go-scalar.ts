import { base64Decode } from '../go/index.js';
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
  // An untagged plain scalar other than `<<`: its node tag is what the text resolves to, so one resolution
  // gives both (the second, under that tag, would give the same tag and value).
  if ((s.tag === undefined || s.tag === '' || s.tag === '!') && s.style === 'plain' && s.text !== '<<') {
    const r = goResolve('', s.text);
    if (r.ok) return r;
  }
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

/** Go's base64.StdEncoding.DecodeString (which skips \r and \n), decoded as UTF-8. */
export function decodeBase64(text: string): string | undefined {
  const bytes = base64Decode(text);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}
