/**
 * go-yaml v3's scalar resolution (resolve.go), rewritten: which tag and value
 * a scalar gets from its text and explicit tag. Facts relied on (go-yaml
 * v3.0.1, resolve.go):
 *
 * - The first character picks a hint: sign (+ -), digit, one of
 *   `yYnNtTfFoO~` (look up in the table), `.` (float); the empty string is
 *   looked up too. Any other first character makes the scalar a string.
 * - The table: true/True/TRUE, false/False/FALSE, ''/~/null/Null/NULL,
 *   .nan/.NaN/.NAN, [+-].inf/.Inf/.INF, `<<` (merge). So yes/no/on/off/y/n
 *   are plain strings here (only typed bool decoding accepts them).
 * - Sign/digit: a timestamp (YYYY-... formats) when untagged; else, with
 *   every `_` removed, Go's strconv.ParseInt(s, 0, 64) (so 0x1F, 0o644, 0b101
 *   and the YAML 1.1 octal 0644 = 420 all work), then ParseUint (up to
 *   2^64-1), then a float matching ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
 *   (so 08 and 09 are floats 8 and 9); out-of-range floats stay strings.
 * - An explicit tag must agree with what the text resolves to
 *   (`!!int abc` fails with "cannot decode !!str `abc` as a !!int"), except
 *   that an int is accepted as !!float; !!str and unknown tags keep the text.
 */

export const LONG_TAG_PREFIX = 'tag:yaml.org,2002:';

/** 'tag:yaml.org,2002:int' → '!!int'; other tags unchanged. */
export function shortTag(tag: string): string {
  return tag.startsWith(LONG_TAG_PREFIX) ? `!!${tag.slice(LONG_TAG_PREFIX.length)}` : tag;
}

/**
 * A resolved scalar. The value's type follows the tag: null for !!null,
 * boolean for !!bool, bigint for !!int (Go int64 or uint64 range), number for
 * !!float, and the text for everything else (!!str, !!timestamp, !!merge,
 * !!binary before decoding, unknown tags).
 */
export type GoResolved =
  | { readonly ok: true; readonly tag: string; readonly value: null | boolean | bigint | number | string }
  | { readonly ok: false; readonly message: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const TABLE = new Map<string, null | boolean | number | string>([
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
  ['', null],
  ['~', null],
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['.nan', NaN],
  ['.NaN', NaN],
  ['.NAN', NaN],
  ['.inf', Infinity],
  ['.Inf', Infinity],
  ['.INF', Infinity],
  ['+.inf', Infinity],
  ['+.Inf', Infinity],
  ['+.INF', Infinity],
  ['-.inf', -Infinity],
  ['-.Inf', -Infinity],
  ['-.INF', -Infinity],
  ['<<', '<<'],
]);

function tableTag(v: null | boolean | number | string): string {
  if (v === null) return '!!null';
  if (typeof v === 'boolean') return '!!bool';
  if (typeof v === 'number') return '!!float';
  return '!!merge';
}

const RESOLVABLE = new Set(['', '!!str', '!!bool', '!!int', '!!float', '!!null', '!!timestamp']);
const GO_INT = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;

type Hint = 'S' | 'D' | 'M' | '.' | 'N' | '';

function hintOf(s: string): Hint {
  if (s === '') return 'N';
  const c = s[0] as string;
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

/** go-yaml's resolve(tag, in). `tag` is the explicit tag ('' when none; '!' counts as none). */
export function goResolve(tag: string, text: string): GoResolved {
  const t = tag === '!' ? '' : shortTag(tag);
  if (!RESOLVABLE.has(t)) return { ok: true, tag: t, value: text };
  const [rtag, value] = resolveUntyped(t, text);
  if (t === '' || t === rtag || t === '!!str') return { ok: true, tag: rtag, value };
  if (t === '!!float' && rtag === '!!int') return { ok: true, tag: '!!float', value: Number(value as bigint) };
  return { ok: false, message: `cannot decode ${rtag} \`${text}\` as a ${t}` };
}

function resolveUntyped(tag: string, s: string): [string, null | boolean | bigint | number | string] {
  const hint = hintOf(s);
  if (hint === '' || tag === '!!str') return ['!!str', s];
  const known = TABLE.get(s);
  if (known !== undefined || TABLE.has(s)) return [tableTag(known ?? null), known ?? null];
  if (hint === '.') {
    if (DOT_FLOAT.test(s)) {
      const f = Number(s.replace(/_/g, ''));
      if (Number.isFinite(f)) return ['!!float', f];
    }
    return ['!!str', s];
  }
  if (hint === 'S' || hint === 'D') {
    if ((tag === '' || tag === '!!timestamp') && isGoTimestamp(s)) return ['!!timestamp', s];
    const plain = s.replace(/_/g, '');
    const int = parseGoInt(plain);
    if (int !== undefined) return ['!!int', int];
    if (YAML_FLOAT.test(plain)) {
      const f = Number(plain);
      if (Number.isFinite(f)) return ['!!float', f];
    }
  }
  return ['!!str', s];
}

/** strconv.ParseInt(s, 0, 64), falling back to ParseUint(s, 0, 64); undefined when neither accepts s. */
export function parseGoInt(s: string): bigint | undefined {
  const m = GO_INT.exec(s);
  if (m === null) return undefined;
  const sign = m[1] as string;
  const body = m[2] as string;
  const digits = body.length > 1 && body[0] === '0' && /[0-7]/.test(body[1] as string) ? `0o${body.slice(1)}` : body;
  let v = BigInt(digits.toLowerCase().replace(/^0([xob])/, '0$1'));
  if (sign === '-') v = -v;
  if (v >= INT64_MIN && v <= INT64_MAX) return v;
  if (sign === '' && v <= UINT64_MAX) return v;
  return undefined;
}

const TS_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TS_ZONED = /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})([.,]\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
const TS_SPACED = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})([.,]\d+)?$/;

/** go-yaml's parseTimestamp: the formats 2006-1-2T15:4:5.999999999Z07:00 (T or t), 2006-1-2 15:4:5.999999999, 2006-1-2. */
export function isGoTimestamp(s: string): boolean {
  // Every format starts with four digits and a '-': most numbers are turned away here, before the patterns.
  if (s.length < 8 || s.charCodeAt(4) !== 45) return false;
  const m = TS_DATE.exec(s) ?? TS_ZONED.exec(s) ?? TS_SPACED.exec(s);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  if (m[4] !== undefined) {
    if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  }
  if (m[9] !== undefined && (Number(m[9]) > 24 || Number(m[10]) > 60)) return false;
  return true;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
