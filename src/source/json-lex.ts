/**
 * The token readers of parseJson: strings, numbers and literals, each
 * returning the token or where and why it is malformed, in encoding/json's
 * words ("invalid character 'q' in string escape code").
 */

export type Lexed<T> =
  | { readonly ok: true; readonly value: T; readonly end: number }
  /** `at` is the offending offset; at === text.length means the input ended. */
  | { readonly ok: false; readonly at: number; readonly context: string };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const HEX_DIGIT = /^[0-9a-fA-F]$/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** A string starting at the opening quote `open`; `end` is after the closing quote. */
export function lexString(text: string, open: number): Lexed<string> {
  let i = open + 1;
  let out = '';
  let chunk = i;
  for (;;) {
    if (i >= text.length) return { ok: false, at: text.length, context: 'in string literal' };
    const c = text.charCodeAt(i);
    if (c === 0x22) return { ok: true, value: out + text.slice(chunk, i), end: i + 1 };
    if (c === 0x5c) {
      out += text.slice(chunk, i);
      const e = text[i + 1];
      if (e === undefined) return { ok: false, at: text.length, context: 'in string escape code' };
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (e === 'u') {
        for (let k = i + 2; k < i + 6; k++) {
          if (k >= text.length) return { ok: false, at: text.length, context: 'in \\u hexadecimal character escape' };
          if (!HEX_DIGIT.test(text[k] as string))
            return { ok: false, at: k, context: 'in \\u hexadecimal character escape' };
        }
        const hex = text.slice(i + 2, i + 6);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else return { ok: false, at: i + 1, context: 'in string escape code' };
      chunk = i;
      continue;
    }
    if (c < 0x20) return { ok: false, at: i, context: 'in string literal' };
    i++;
  }
}

/** A number starting at `start` ('-' or a digit); the value is its literal text. */
export function lexNumber(text: string, start: number): Lexed<string> {
  NUMBER.lastIndex = start;
  const m = NUMBER.exec(text);
  if (m === null) return { ok: false, at: start + 1, context: 'in numeric literal' };
  const end = start + m[0].length;
  const next = text[end];
  if (next === '.') return { ok: false, at: end + 1, context: 'after decimal point in numeric literal' };
  if (next === 'e' || next === 'E') {
    const sign = text[end + 1] === '+' || text[end + 1] === '-' ? 1 : 0;
    return { ok: false, at: end + 1 + sign, context: 'in exponent of numeric literal' };
  }
  return { ok: true, value: m[0], end };
}

/** The literal `word` (true, false, null) starting at `start`. */
export function lexLiteral(text: string, start: number, word: string): Lexed<string> {
  for (let j = 1; j < word.length; j++) {
    if (text[start + j] !== word[j]) {
      return { ok: false, at: start + j, context: `in literal ${word} (expecting ${quoteChar(word[j] as string)})` };
    }
  }
  return { ok: true, value: word, end: start + word.length };
}

/** encoding/json's quoteChar: 'x', with escapes for quotes and unprintable characters. */
export function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  if (/^[\x20-\x7e]$/.test(c)) return `'${c}'`;
  const named: Record<string, string> = {
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\b': '\\b',
    '\f': '\\f',
    '\v': '\\v',
    '\x07': '\\a',
  };
  if (named[c] !== undefined) return `'${named[c]}'`;
  const cp = c.codePointAt(0) ?? 0;
  if (cp < 0x20 || cp === 0x7f) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  if (cp === 0xfeff) return "'\\ufeff'";
  return `'${c}'`;
}
