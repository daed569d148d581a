/**
 * RFC 2397 data URLs, checked the way Ignition checks them (it decodes them
 * with github.com/vincent-petithory/dataurl): the same grammar, the same
 * order of checks, the same error texts, so messages match ignition-validate.
 * Returns the error text, or undefined for a valid data URL.
 */
import { base64DecodeError } from './base64.js';

const TSPECIALS = new Set(['(', ')', '<', '>', '@', ',', ';', ':', '\\', '"', '/', '[', ']', '?', '=']);

const isAscii = (c: string) => c.codePointAt(0)! <= 0x7f;
const isControl = (c: string) => {
  const n = c.codePointAt(0)!;
  return n <= 0x1f || (n >= 0x7f && n <= 0x9f);
};
const isSpace = (c: string) => /^[\t\n\v\f\r \u0085\u00a0]$/.test(c);
const isToken = (c: string) => isAscii(c) && !isControl(c) && !isSpace(c) && !TSPECIALS.has(c);
const DISCRETE = ['text', 'image', 'audio', 'video', 'application'];
const COMPOSITE = ['message', 'multipart'];

/** rfc2396 unescaping as the library does it (its error texts included). */
function percentUnescape(s: string): string | { error: string } {
  let out = '';
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c.codePointAt(0)! > 0x7f) return { error: 'rfc2396: non-ASCII char detected' };
    if (c !== '%') {
      out += c;
      continue;
    }
    const hex = /^[0-9A-Fa-f]$/;
    if (i + 1 >= chars.length) return { error: 'rfc2396: unexpected end of unescape sequence' };
    if (!hex.test(chars[i + 1]!)) return { error: 'rfc2396: invalid char 0x25 in unescape sequence' };
    if (i + 2 >= chars.length) return { error: 'rfc2396: unexpected end of unescape sequence' };
    if (!hex.test(chars[i + 2]!)) return { error: 'rfc2396: invalid char 0x25 in unescape sequence' };
    out += String.fromCharCode(parseInt(chars[i + 1]! + chars[i + 2]!, 16));
    i += 2;
  }
  return out;
}

/** percentUnescape's error for a long text, without building the unescaped string: the first "%" not followed by two hex digits. */
function unescapeError(s: string): string | undefined {
  if (/[^\x00-\x7f]/.test(s)) return 'rfc2396: non-ASCII char detected';
  const m = /%(?![0-9A-Fa-f]{2})/.exec(s);
  if (!m) return undefined;
  const i = m.index;
  if (i + 1 >= s.length) return 'rfc2396: unexpected end of unescape sequence';
  if (!/[0-9A-Fa-f]/.test(s[i + 1]!)) return 'rfc2396: invalid char 0x25 in unescape sequence';
  if (i + 2 >= s.length) return 'rfc2396: unexpected end of unescape sequence';
  return 'rfc2396: invalid char 0x25 in unescape sequence';
}

export function dataUrlError(input: string): string | undefined {
  if (!input.startsWith('data:')) return 'missing data prefix';
  // Code points: the string itself when it is ASCII (a 60 MB URL must not become an array of 60M strings).
  const rest = input.slice(5);
  const s: string | string[] = /[^\x00-\x7f]/.test(rest) ? [...rest] : rest;
  const sub = (a: number, b?: number): string => (typeof s === 'string' ? s.slice(a, b) : s.slice(a, b).join(''));
  let pos = 0;
  const next = () => (pos < s.length ? s[pos++]! : undefined);
  let base64 = false;

  // media type
  let start = pos;
  let c = next();
  const params = (): string | undefined => {
    // at ';' already consumed; loops over parameters until ','
    for (;;) {
      const first = next();
      if (first === undefined || first === '=' || first === ',') return 'unterminated parameter sequence';
      if (!isToken(first)) return 'invalid character for parameter attribute';
      const attrStart = pos - 1;
      let r: string | undefined;
      for (;;) {
        r = next();
        if (r === '=') break;
        if (r === ',') {
          const attr = sub(attrStart, pos - 1);
          if (attr !== 'base64') return `expected base64, got ${attr}`;
          base64 = true;
          pos--;
          return undefined;
        }
        if (r === undefined) return 'unterminated parameter sequence';
        if (!isToken(r)) return 'invalid character for parameter attribute';
      }
      const v = next();
      let valueError: string | undefined;
      if (v === '"') {
        const valStart = pos;
        for (;;) {
          const q = next();
          if (q === undefined) return 'unclosed quoted string';
          if (q === '\\') {
            const e = next();
            if (e === undefined) return 'unclosed quoted string';
            if (!isAscii(e)) return 'invalid escaped character';
            continue;
          }
          if (q === '"') break;
          if (!isAscii(q)) return 'invalid character for parameter value';
        }
        const raw = sub(valStart, pos - 1);
        try {
          JSON.parse(`"${raw}"`);
        } catch {
          valueError = 'invalid syntax';
        }
      } else if (v === undefined) return 'missing comma before data';
      else if (isToken(v)) {
        const valStart = pos - 1;
        for (;;) {
          const t = next();
          if (t === ';' || t === ',') {
            pos--;
            break;
          }
          if (t === undefined) return 'missing comma before data';
          if (!isToken(t)) return 'invalid character for parameter value';
        }
        const u = percentUnescape(sub(valStart, pos));
        if (typeof u !== 'string') valueError = u.error;
      } else return 'invalid character for parameter value';
      if (valueError !== undefined) return valueError;
      const after = next();
      if (after === ';') continue;
      if (after === ',') {
        pos--;
        return undefined;
      }
      if (after === undefined) return 'missing comma before data';
      return 'expected semicolon or comma';
    }
  };

  if (c === ';') {
    const e = params();
    if (e !== undefined) return e;
  } else if (c === ',') {
    pos--;
  } else if (c === undefined) {
    return 'missing comma before data';
  } else if (c === 'x' || c === 'X' || isToken(c)) {
    // The library consumes the character after an x unconditionally (an x- prefix is an extension type).
    const xToken = (c === 'x' || c === 'X') && next() === '-';
    for (;;) {
      c = next();
      if (c === '/') break;
      if (c === undefined) return 'missing media type slash';
      if (!isToken(c)) return 'invalid character for media type';
    }
    const type = sub(start, pos - 1);
    if (!xToken && !DISCRETE.some((d) => type.startsWith(d)) && !COMPOSITE.some((d) => type.startsWith(d))) {
      return 'invalid media type';
    }
    start = pos;
    for (;;) {
      c = next();
      if (c === ';' || c === ',') break;
      if (c === undefined) return 'incomplete media type';
      if (!isToken(c)) return 'invalid character for media subtype';
    }
    if (c === ';') {
      const e = params();
      if (e !== undefined) return e;
    } else pos--;
  } else {
    return 'invalid character after data prefix';
  }

  // the comma, then the data
  next();
  const text = sub(pos);
  // Data characters: base64's alphabet, '=' and newline; else URL characters (printable ASCII but space and <>#"{}|\^[]`).
  if (base64 ? /[^A-Za-z0-9+/=\n]/.test(text) : /[^\x21-\x7e]|[<>#"{}|\\^[\]`]/.test(text))
    return 'invalid data character';
  if (text === '') return undefined;
  if (base64) return base64DecodeError(text);
  return unescapeError(text);
}

const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]$/;

/**
 * The vincent-petithory/dataurl Escape of bytes: RFC 2396 unreserved characters kept, the rest
 * %XX (upper-case hex). Butane's data URLs and Ignition's spec 1 → 2.0 upgrade (file contents
 * become `data:,` + this) use it.
 */
export function dataUrlEscape(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i++) out += ESCAPED[data[i] as number] as string;
  return out;
}

/** Each byte as dataUrlEscape writes it (one table, not a pattern test and a number format per byte). */
const ESCAPED: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  const c = String.fromCharCode(b);
  return b < 0x80 && UNRESERVED.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
});
