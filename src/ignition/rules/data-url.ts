/**
 * RFC 2397 data URLs, checked the way Ignition checks them (it decodes them
 * with github.com/vincent-petithory/dataurl): the same grammar, the same
 * order of checks, the same error texts, so messages match ignition-validate.
 * Returns the error text, or undefined for a valid data URL.
 */

const TSPECIALS = new Set(['(', ')', '<', '>', '@', ',', ';', ':', '\\', '"', '/', '[', ']', '?', '=']);
const URL_EXCLUDED = new Set([' ', '<', '>', '#', '"', '{', '}', '|', '\\', '^', '[', ']', '`']);

const isAscii = (c: string) => c.codePointAt(0)! <= 0x7f;
const isControl = (c: string) => {
  const n = c.codePointAt(0)!;
  return n <= 0x1f || (n >= 0x7f && n <= 0x9f);
};
const isSpace = (c: string) => /^[\t\n\v\f\r \u0085\u00a0]$/.test(c);
const isToken = (c: string) => isAscii(c) && !isControl(c) && !isSpace(c) && !TSPECIALS.has(c);
const isUrlChar = (c: string) => {
  const n = c.codePointAt(0)!;
  return n <= 0x7f && n > 0x1f && n !== 0x7f && !URL_EXCLUDED.has(c);
};
const isBase64Char = (c: string) => /^[A-Za-z0-9+/=\n]$/.test(c);
const DISCRETE = ['text', 'image', 'audio', 'video', 'application'];
const COMPOSITE = ['message', 'multipart'];

/** rfc2396 unescaping as the library does it (its error texts included). */
function unescape(s: string): string | { error: string } {
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

/** The error of Go's base64.StdEncoding.DecodeString, or undefined (its quantum-by-quantum rules: \r and \n are skipped, padding is required). */
function base64Error(src: string): string | undefined {
  const bad = (at: number) => `illegal base64 data at input byte ${at}`;
  const isNl = (c: string | undefined) => c === '\n' || c === '\r';
  const alphabet = /[A-Za-z0-9+/]/;
  let si = 0;
  while (si < src.length) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return bad(si - j);
      }
      const c = src[si]!;
      si++;
      if (alphabet.test(c)) continue;
      if (isNl(c)) {
        j--;
        continue;
      }
      if (c !== '=') return bad(si - 1);
      if (j < 2) return bad(si - 1);
      if (j === 2) {
        while (si < src.length && isNl(src[si])) si++;
        if (si === src.length) return bad(src.length);
        if (src[si] !== '=') return bad(si - 1);
        si++;
      }
      while (si < src.length && isNl(src[si])) si++;
      if (si < src.length) return bad(si);
      return undefined;
    }
  }
  return undefined;
}

export function dataUrlError(input: string): string | undefined {
  if (!input.startsWith('data:')) return 'missing data prefix';
  const s = [...input.slice(5)];
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
          const attr = s.slice(attrStart, pos - 1).join('');
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
        const raw = s.slice(valStart, pos - 1).join('');
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
        const u = unescape(s.slice(valStart, pos).join(''));
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
    const type = s.slice(start, pos - 1).join('');
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
  const data = s.slice(pos);
  for (const d of data) {
    if (base64 ? !isBase64Char(d) : !isUrlChar(d)) return 'invalid data character';
  }
  const text = data.join('');
  if (text === '') return undefined;
  if (base64) return base64Error(text);
  const u = unescape(text);
  return typeof u === 'string' ? undefined : u.error;
}
