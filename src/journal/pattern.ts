/**
 * `-g PATTERN`: journalctl 252 compiles the pattern with PCRE2 and matches it
 * against MESSAGE's bytes. Observed on Debian 12 (PCRE2 10.42): the match is
 * in byte mode (`.` is one byte, `é` is two), `$` also matches before a final
 * newline, case-insensitive matching folds ASCII letters only. Hull runs the
 * pattern as a JavaScript RegExp over the bytes as latin1 text (one code unit
 * per byte; `messageBytesText` in query.ts), translated so that it selects
 * what PCRE2 would:
 *
 * - `.` → `[^\n]`, `$` → `(?=\n?$)`, `\A` `\z` `\Z`, `\s` `\h` `\v` `\R` `\N`
 *   `\e` `\a` `\x{..}` `\Q…\E`, octal escapes, `(?#…)`, `(?P<name>`, POSIX
 *   classes `[:alpha:]` inside brackets, a `]` first in a class;
 * - case-insensitivity (journalctl's rule: unless the pattern has an ASCII
 *   uppercase letter, or `--case-sensitive[=BOOL]`) as explicit `[aA]`
 *   classes, since JavaScript's `i` flag would fold latin1 letters too;
 * - refused with JOURNAL_PATTERN_UNSUPPORTED (never a silent difference):
 *   possessive quantifiers, atomic groups, inline options `(?i)`, recursion,
 *   conditionals, `(*VERB)`, `\K`, `\G`, `\g`, `\p`, `\X`, `\C`, negated
 *   POSIX classes, `\S`/`\H`/`\V` inside brackets, back references with
 *   case-insensitivity or above `\9`.
 */
import { AppError } from '../core/index.js';
import type { GrepFilter } from './query.js';

const unsupported = (pattern: string, what: string): AppError =>
  new AppError(
    'JOURNAL_PATTERN_UNSUPPORTED',
    `The pattern ${JSON.stringify(pattern)} uses ${what}, which Hull does not translate from PCRE2`,
    {
      hint: 'rewrite it without that construct (docs/journal.md lists what -g accepts)',
    },
  );

const invalid = (pattern: string, why: string): AppError =>
  new AppError('JOURNAL_PATTERN_INVALID', `Bad pattern ${JSON.stringify(pattern)}: ${why}`);

const POSIX: Readonly<Record<string, string>> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t\\n\\x0b\\f\\r ',
  blank: '\\t ',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: 'a-zA-Z0-9_',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  ascii: '\\x00-\\x7f',
};

const SPACE = '\\t\\n\\x0b\\f\\r ';
const VSPACE = '\\n\\x0b\\f\\r\\x85';
const HSPACE = '\\t \\xa0';

const hex2 = (n: number): string => '\\x' + n.toString(16).padStart(2, '0');

/** A code unit as a RegExp atom (escaped when it means something). */
function literal(c: number): string {
  const ch = String.fromCharCode(c);
  if (/[\\^$.*+?()[\]{}|/-]/.test(ch)) return '\\' + ch;
  if (c < 0x20 || c >= 0x7f) return hex2(c);
  return ch;
}

const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;

/** The pattern's text as its UTF-8 bytes, one code unit per byte (journalctl gets the bytes of argv). */
export function latin1OfUtf8(s: string): string {
  const b = new TextEncoder().encode(s);
  let out = '';
  for (const x of b) out += String.fromCharCode(x);
  return out;
}

/** journalctl's automatic case rule: case-sensitive when the pattern has an ASCII uppercase letter (PCRE2's `[[:upper:]]`, byte mode). */
export const patternHasUpper = (pattern: string): boolean => /[A-Z]/.test(pattern);

/**
 * Translates a PCRE2 pattern (as journalctl uses it) into the RegExp source
 * that selects the same messages over latin1 text. `caseSensitive` undefined
 * applies journalctl's automatic rule. Throws JOURNAL_PATTERN_INVALID or
 * JOURNAL_PATTERN_UNSUPPORTED.
 */
export function compileGrep(pattern: string, caseSensitive?: boolean): GrepFilter {
  const caseless = caseSensitive === undefined ? !patternHasUpper(pattern) : !caseSensitive;
  const p = latin1OfUtf8(pattern);
  let out = '';
  let i = 0;
  let groups = 0;
  const at = (k: number) => p.charCodeAt(k);
  const atomFor = (c: number): string => {
    if (caseless && isUpper(c)) return `[${String.fromCharCode(c)}${String.fromCharCode(c + 32)}]`;
    if (caseless && isLower(c)) return `[${String.fromCharCode(c - 32)}${String.fromCharCode(c)}]`;
    return literal(c);
  };
  /** After a quantifier: refuse the possessive `+`. */
  const quantifierTail = () => {
    if (p[i] === '+') throw unsupported(pattern, 'a possessive quantifier');
    if (p[i] === '?') {
      out += '?';
      i++;
    }
  };
  /** An escape outside brackets, at p[i] === '\\'; returns the translation. */
  const translateEscape = (): string => {
    const c = p[i + 1];
    if (c === undefined) throw invalid(pattern, '\\ at end of pattern');
    i += 2;
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 'b':
      case 'B':
        return '\\' + c;
      case 's':
        return `[${SPACE}]`;
      case 'S':
        return `[^${SPACE}]`;
      case 'h':
        return `[${HSPACE}]`;
      case 'H':
        return `[^${HSPACE}]`;
      case 'v':
        return `[${VSPACE}]`;
      case 'V':
        return `[^${VSPACE}]`;
      case 'R':
        return `(?:\\r\\n|[${VSPACE}])`;
      case 'N':
        return '[^\\n]';
      case 'A':
        return '^';
      case 'z':
        return '$';
      case 'Z':
        return '(?=\\n?$)';
      case 'n':
        return '\\n';
      case 't':
        return '\\t';
      case 'r':
        return '\\r';
      case 'f':
        return '\\f';
      case 'e':
        return '\\x1b';
      case 'a':
        return '\\x07';
      case 'E':
        return '';
      case 'Q': {
        const end = p.indexOf('\\E', i);
        const text = end < 0 ? p.slice(i) : p.slice(i, end);
        i = end < 0 ? p.length : end + 2;
        return [...text].map((ch) => atomFor(ch.charCodeAt(0))).join('');
      }
      case 'x': {
        if (p[i] === '{') {
          const m = /^\{([0-9a-fA-F]{1,8})\}/.exec(p.slice(i));
          if (!m) throw invalid(pattern, 'bad \\x{...}');
          i += m[0].length;
          const v = parseInt(m[1]!, 16);
          if (v > 0xff) throw invalid(pattern, 'character code point value in \\x{} is too large (byte mode)');
          return atomFor(v);
        }
        const m = /^[0-9a-fA-F]{0,2}/.exec(p.slice(i))!;
        i += m[0].length;
        return atomFor(m[0] === '' ? 0 : parseInt(m[0], 16));
      }
      case 'c': {
        const x = p[i];
        if (x === undefined || !/[A-Za-z@[\\\]^_?]/.test(x))
          throw invalid(pattern, '\\c must be followed by a letter or one of @[\\]^_?');
        i++;
        return atomFor(x.toUpperCase().charCodeAt(0) ^ 0x40);
      }
      case '0': {
        const m = /^[0-7]{0,2}/.exec(p.slice(i))!;
        i += m[0].length;
        return atomFor(parseInt('0' + m[0], 8));
      }
      case 'k':
        if (p[i] === '<') {
          if (caseless) throw unsupported(pattern, 'a back reference with case-insensitive matching');
          const end = p.indexOf('>', i);
          if (end < 0) throw invalid(pattern, 'unterminated \\k<name>');
          const name = p.slice(i, end + 1);
          i = end + 1;
          return '\\k' + name;
        }
        throw unsupported(pattern, `\\k${p[i] ?? ''}`);
      default:
        if (/[1-9]/.test(c)) {
          if (/[0-9]/.test(p[i] ?? '')) throw unsupported(pattern, 'a back reference above \\9 (or an octal escape)');
          if (caseless) throw unsupported(pattern, 'a back reference with case-insensitive matching');
          return '\\' + c;
        }
        if (/[A-Za-z0-9]/.test(c)) {
          if ('KGgpPXCoLlUuO'.includes(c)) throw unsupported(pattern, `\\${c}`);
          throw invalid(pattern, `unrecognized character follows \\: \\${c}`);
        }
        return atomFor(c.charCodeAt(0));
    }
  };
  /** A bracket class starting at p[i] === '['. */
  const bracket = (): string => {
    i++;
    let negate = false;
    if (p[i] === '^') {
      negate = true;
      i++;
    }
    const items: string[] = [];
    const ranges: Array<[number, number]> = [];
    let first = true;
    const single = (): number | string => {
      // one member: a code unit, or a class escape's translation (string)
      if (p[i] === '\\') {
        const c = p[i + 1];
        if (c === undefined) throw invalid(pattern, 'missing terminating ] for character class');
        i += 2;
        switch (c) {
          case 'd':
          case 'D':
          case 'w':
          case 'W':
            return '\\' + c;
          case 's':
            return SPACE;
          case 'h':
            return HSPACE;
          case 'v':
            return VSPACE;
          case 'S':
          case 'H':
          case 'V':
          case 'Q':
          case 'E':
          case 'p':
          case 'P':
            throw unsupported(pattern, `\\${c} inside a character class`);
          case 'n':
            return 0x0a;
          case 't':
            return 0x09;
          case 'r':
            return 0x0d;
          case 'f':
            return 0x0c;
          case 'e':
            return 0x1b;
          case 'a':
            return 0x07;
          case 'b':
            return 0x08;
          case 'x': {
            if (p[i] === '{') {
              const m = /^\{([0-9a-fA-F]{1,8})\}/.exec(p.slice(i));
              if (!m) throw invalid(pattern, 'bad \\x{...}');
              i += m[0].length;
              const v = parseInt(m[1]!, 16);
              if (v > 0xff) throw invalid(pattern, 'character code point value in \\x{} is too large (byte mode)');
              return v;
            }
            const m = /^[0-9a-fA-F]{0,2}/.exec(p.slice(i))!;
            i += m[0].length;
            return m[0] === '' ? 0 : parseInt(m[0], 16);
          }
          case '0': {
            const m = /^[0-7]{0,2}/.exec(p.slice(i))!;
            i += m[0].length;
            return parseInt('0' + m[0], 8);
          }
          default:
            if (/[A-Za-z0-9]/.test(c)) throw unsupported(pattern, `\\${c} inside a character class`);
            return c.charCodeAt(0);
        }
      }
      if (p[i] === '[' && p[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
        if (m) {
          if (m[1] === '^') throw unsupported(pattern, 'a negated POSIX class');
          const set = POSIX[m[2]!];
          if (set === undefined) throw invalid(pattern, `unknown POSIX class name ${m[2]}`);
          i += m[0].length;
          return caseless && (m[2] === 'upper' || m[2] === 'lower') ? 'a-zA-Z' : set;
        }
      }
      if (p[i] === '[' && (p[i + 1] === '.' || p[i + 1] === '='))
        throw unsupported(pattern, 'a POSIX collating element');
      const c = at(i);
      i++;
      return c;
    };
    for (;;) {
      if (i >= p.length) throw invalid(pattern, 'missing terminating ] for character class');
      if (p[i] === ']' && !first) {
        i++;
        break;
      }
      first = false;
      const a = single();
      if (typeof a === 'string') {
        items.push(a);
        continue;
      }
      if (p[i] === '-' && p[i + 1] !== ']' && i + 1 < p.length) {
        const save = i;
        i++;
        const b = single();
        if (typeof b === 'string') {
          // `a-\d`: PCRE2 takes the `-` literally
          items.push(literal(a), '\\-', b);
          continue;
        }
        if (b < a) {
          i = save;
          throw invalid(pattern, 'range out of order in character class');
        }
        ranges.push([a, b]);
        continue;
      }
      ranges.push([a, a]);
    }
    if (caseless) {
      for (const [a, b] of [...ranges]) {
        const lo = Math.max(a, 0x41);
        const hi = Math.min(b, 0x5a);
        if (lo <= hi) ranges.push([lo + 32, hi + 32]);
        const lo2 = Math.max(a, 0x61);
        const hi2 = Math.min(b, 0x7a);
        if (lo2 <= hi2) ranges.push([lo2 - 32, hi2 - 32]);
      }
    }
    const body =
      ranges.map(([a, b]) => (a === b ? literal(a) : `${literal(a)}-${literal(b)}`)).join('') + items.join('');
    if (body === '') return negate ? '[\\s\\S]' : '[^\\s\\S]';
    return `[${negate ? '^' : ''}${body}]`;
  };

  while (i < p.length) {
    const ch = p[i]!;
    switch (ch) {
      case '\\':
        out += translateEscape();
        break;
      case '.':
        out += '[^\\n]';
        i++;
        break;
      case '$':
        out += '(?=\\n?$)';
        i++;
        break;
      case '^':
      case '|':
      case ')':
        out += ch;
        i++;
        break;
      case '[':
        out += bracket();
        break;
      case '(': {
        if (p[i + 1] === '*') throw unsupported(pattern, 'a backtracking verb or option setting (*...)');
        if (p[i + 1] !== '?') {
          groups++;
          out += '(';
          i++;
          break;
        }
        const rest = p.slice(i + 2);
        if (rest.startsWith('#')) {
          const end = p.indexOf(')', i);
          if (end < 0) throw invalid(pattern, 'missing ) after (?# comment');
          i = end + 1;
          break;
        }
        const simple = /^(?::|=|!|<=|<!)/.exec(rest);
        if (simple) {
          out += '(?' + simple[0];
          i += 2 + simple[0].length;
          break;
        }
        const named = /^(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(rest);
        if (named) {
          groups++;
          out += `(?<${named[1] ?? named[2]}>`;
          i += 2 + named[0].length;
          break;
        }
        if (rest.startsWith('>')) throw unsupported(pattern, 'an atomic group (?>...)');
        if (rest.startsWith('|')) throw unsupported(pattern, 'a branch reset group (?|...)');
        if (rest.startsWith('(')) throw unsupported(pattern, 'a conditional group');
        if (/^(?:R|[+-]?[0-9]|&|P>|P=)/.test(rest)) throw unsupported(pattern, 'a recursion or subroutine call');
        if (/^[a-zA-Z^-]/.test(rest)) throw unsupported(pattern, 'inline options such as (?i) (use --case-sensitive)');
        throw invalid(pattern, 'unrecognized character after (?');
      }
      case '*':
      case '+':
      case '?':
        out += ch;
        i++;
        quantifierTail();
        break;
      case '{': {
        const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(p.slice(i));
        if (m) {
          if (m[3] !== undefined && m[3] !== '' && Number(m[3]) < Number(m[1]))
            throw invalid(pattern, 'numbers out of order in {} quantifier');
          out += m[0];
          i += m[0].length;
          quantifierTail();
        } else {
          out += '\\{';
          i++;
        }
        break;
      }
      case '}':
      case ']':
        out += '\\' + ch;
        i++;
        break;
      default:
        out += atomFor(p.charCodeAt(i));
        i++;
    }
  }
  void groups;
  try {
    new RegExp(out);
  } catch (err) {
    throw invalid(
      pattern,
      err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : String(err),
    );
  }
  return { source: out, flags: '' };
}
