import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

/**
 * A fast path for the common shape of configs: block mappings and sequences
 * whose keys are simple plain words and whose values are one-line plain or
 * quoted scalars, literal block scalars or one-line flow sequences of
 * scalars, with whole-line
 * comments and blank lines between. For such a text it makes the very nodes
 * (kind, value, source, style, range) the `yaml` package's Parser and
 * Composer make, without the concrete syntax tree, so the build after it
 * (yaml-build.ts) is unchanged. Anything else (anchors, aliases, tags, folded
 * and keep-chomping block scalars, flow mappings, multi-line scalars, escapes, empty values, document
 * markers, directives, tabs, CR, odd indentation, ...) returns undefined and
 * the text goes the full way. yaml-fast.test.ts checks the two ways agree on
 * the golden corpora and on generated texts.
 */
export function composeFast(text: string, maxDepth: number): Node | undefined {
  if (SPECIAL.test(text)) return undefined;
  try {
    return new FastComposer(text, Math.min(maxDepth - 2, 200)).document();
  } catch (err) {
    if (err === FALLBACK) return undefined;
    throw err;
  }
}

// Characters the fast path leaves to the full parser wherever they appear.
const SPECIAL = /[\t\r\x85\u2028\u2029\uFEFF]/;
const FALLBACK = new Error('yaml-fast: not in the fast subset');

const NL = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
const PIPE = 124;
const BACKSLASH = 92;

/** Characters a plain scalar may not start with (YAML indicators). */
function isIndicator(c: number): boolean {
  switch (c) {
    case DASH:
    case 63: // ?
    case COLON:
    case COMMA:
    case LBRACKET:
    case RBRACKET:
    case 123: // {
    case 125: // }
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case SQUOTE:
    case DQUOTE:
    case 37: // %
    case 64: // @
    case 96: // `
    case SPACE:
    case NL:
      return true;
    default:
      return false;
  }
}

/** Whether a plain scalar may start with `-` followed by `c` (not a blank, nor a flow indicator in a flow collection). */
function isSafeAfterDash(c: number, flow: boolean): boolean {
  if (Number.isNaN(c) || c === SPACE || c === NL) return false;
  return !flow || (c !== COMMA && c !== LBRACKET && c !== RBRACKET && c !== 123 && c !== 125);
}

/** A key character: letters, digits, `_`, `.`, `/`, `-`. */
function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 47 ||
    c === DASH
  );
}

function fail(): never {
  throw FALLBACK;
}

class FastComposer {
  readonly #t: string;
  readonly #n: number;
  readonly #maxDepth: number;
  /** The next content line (not blank, not a comment): its first non-space offset and its indentation; -1 at the end. */
  #at = -1;
  #indent = 0;

  constructor(text: string, maxDepth: number) {
    this.#t = text;
    this.#n = text.length;
    this.#maxDepth = maxDepth;
  }

  document(): Node {
    this.#seek(0);
    if (this.#at < 0) fail();
    const node = this.#block(this.#at, this.#indent, 1);
    if (this.#at >= 0) fail();
    return node;
  }

  /** Moves to the first content line starting at or after the line start `from`. */
  #seek(from: number): void {
    const t = this.#t;
    let p = from;
    while (p < this.#n) {
      let q = p;
      while (q < this.#n && t.charCodeAt(q) === SPACE) q++;
      if (q >= this.#n) break;
      const c = t.charCodeAt(q);
      if (c === NL) {
        p = q + 1;
        continue;
      }
      // A line starting with a document marker or a directive goes the full way.
      if (q === p && (c === 37 || t.startsWith('---', q) || t.startsWith('...', q))) fail();
      if (c === HASH) {
        const nl = t.indexOf('\n', q);
        if (nl < 0) break;
        p = nl + 1;
        continue;
      }
      this.#at = q;
      this.#indent = q - p;
      return;
    }
    this.#at = -1;
    this.#indent = 0;
  }

  #isSeqStart(at: number): boolean {
    const c = this.#t.charCodeAt(at + 1);
    return this.#t.charCodeAt(at) === DASH && (c === SPACE || c === NL || at + 1 >= this.#n);
  }

  #block(at: number, col: number, depth: number): Node {
    if (depth > this.#maxDepth) fail();
    return this.#isSeqStart(at) ? this.#seq(at, col, depth) : this.#map(at, col, depth);
  }

  /** The end of the key starting at `at` (the offset of its `:`), or -1 when the line does not start with a simple key. */
  #keyEnd(at: number): number {
    const t = this.#t;
    const first = t.charCodeAt(at);
    if (!isKeyChar(first) || first === DASH || first === 46) return -1;
    let p = at + 1;
    while (p < this.#n && isKeyChar(t.charCodeAt(p))) p++;
    if (p - at > 1000 || t.charCodeAt(p) !== COLON) return -1;
    const after = t.charCodeAt(p + 1);
    return after === SPACE || after === NL || p + 1 >= this.#n ? p : -1;
  }

  #map(at: number, col: number, depth: number): YAMLMap {
    const t = this.#t;
    const map = new YAMLMap();
    let pos = at;
    let end = at;
    for (;;) {
      const keyEnd = this.#keyEnd(pos);
      if (keyEnd < 0) fail();
      const source = t.slice(pos, keyEnd);
      const key = scalar(source, 'PLAIN', pos, keyEnd, keyEnd);
      let v = keyEnd + 1;
      while (v < this.#n && t.charCodeAt(v) === SPACE) v++;
      let value: Node;
      if (v >= this.#n || t.charCodeAt(v) === NL) {
        this.#seek(v + 1);
        if (this.#at < 0) fail();
        if (this.#indent > col) value = this.#block(this.#at, this.#indent, depth + 1);
        else if (this.#indent === col && this.#isSeqStart(this.#at)) value = this.#seq(this.#at, col, depth + 1);
        else fail();
      } else {
        value = this.#inline(v, depth, col);
        if (this.#at >= 0 && this.#indent > col) fail();
      }
      map.items.push(new Pair(key, value));
      end = (value.range as [number, number, number])[2];
      if (this.#at < 0 || this.#indent < col) break;
      if (this.#indent > col || this.#isSeqStart(this.#at)) fail();
      pos = this.#at;
    }
    map.range = [at, end, end];
    return map;
  }

  #seq(at: number, col: number, depth: number): YAMLSeq {
    const t = this.#t;
    const seq = new YAMLSeq();
    let pos = at;
    let end = at;
    for (;;) {
      let v = pos + 1;
      while (v < this.#n && t.charCodeAt(v) === SPACE) v++;
      if (v === pos + 1 || v >= this.#n) fail();
      const c = t.charCodeAt(v);
      if (c === NL || c === HASH || this.#isSeqStart(v)) fail();
      let item: Node;
      if (this.#keyEnd(v) >= 0) {
        if (depth + 1 > this.#maxDepth) fail();
        item = this.#map(v, col + (v - pos), depth + 1);
      } else {
        item = this.#inline(v, depth, col);
        if (this.#at >= 0 && this.#indent > col) fail();
      }
      seq.items.push(item);
      end = (item.range as [number, number, number])[2];
      if (this.#at < 0 || this.#indent < col) break;
      if (this.#indent > col) fail();
      if (!this.#isSeqStart(this.#at)) break;
      pos = this.#at;
    }
    seq.range = [at, end, end];
    return seq;
  }

  /**
   * A value starting at `v` (not a newline) on the line of its key or `-` at column `col`: one line,
   * or a literal block scalar; moves to the next content line.
   */
  #inline(v: number, depth: number, col: number): Node {
    const t = this.#t;
    const c = t.charCodeAt(v);
    if (c === PIPE) return this.#literal(v, col);
    let node: Node;
    let p: number;
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.#quotedEnd(v);
      node = quoted(t, v, close);
      p = close + 1;
    } else if (c === LBRACKET) {
      if (depth + 1 > this.#maxDepth) fail();
      const seq = new YAMLSeq();
      seq.flow = true;
      p = this.#flowItems(seq, v + 1);
      seq.range = [v, p, p];
      node = seq;
    } else {
      if (isIndicator(c) && !(c === DASH && isSafeAfterDash(t.charCodeAt(v + 1), false))) fail();
      // A plain scalar: to the end of the line or a comment; `: ` inside is a mapping, not for the fast path.
      let q = v;
      let contentEnd = v;
      for (; q < this.#n; q++) {
        const d = t.charCodeAt(q);
        if (d === NL) break;
        if (d === COLON) {
          const e = t.charCodeAt(q + 1);
          if (e === SPACE || e === NL || q + 1 >= this.#n) fail();
        } else if (d === HASH && t.charCodeAt(q - 1) === SPACE) break;
        if (d !== SPACE) contentEnd = q + 1;
      }
      const source = t.slice(v, contentEnd);
      node = scalar(source, 'PLAIN', v, contentEnd, contentEnd);
      p = contentEnd;
    }
    // The rest of the line: blanks, then the end or a comment after a blank.
    let q = p;
    while (q < this.#n && t.charCodeAt(q) === SPACE) q++;
    if (q < this.#n && t.charCodeAt(q) !== NL) {
      if (t.charCodeAt(q) !== HASH || q === p) fail();
      const nl = t.indexOf('\n', q);
      q = nl < 0 ? this.#n : nl;
    }
    const lineEnd = q < this.#n ? q + 1 : this.#n;
    (node.range as [number, number, number])[2] = lineEnd;
    this.#seek(lineEnd);
    return node;
  }

  /**
   * A literal block scalar (`|` or `|-`, no indentation indicator) whose header is at `v`: its lines
   * are those indented more than `col` (the first line's indentation is the scalar's) and empty
   * lines between; lines of blanks only, `|+` and an empty scalar go the full way.
   */
  #literal(v: number, col: number): Scalar {
    const t = this.#t;
    let p = v + 1;
    const strip = t.charCodeAt(p) === DASH;
    if (strip) p++;
    const headerEnd = p;
    while (p < this.#n && t.charCodeAt(p) === SPACE) p++;
    if (p < this.#n && t.charCodeAt(p) !== NL) {
      if (t.charCodeAt(p) !== HASH || p === headerEnd) fail();
      const nl = t.indexOf('\n', p);
      p = nl < 0 ? this.#n : nl;
    }
    if (p >= this.#n) fail();
    // p is at the header line's newline; read the content lines.
    let lineStart = p + 1;
    let indent = -1;
    const lines: string[] = [];
    let empties = 0;
    let end = -1;
    while (lineStart < this.#n) {
      let q = lineStart;
      while (q < this.#n && t.charCodeAt(q) === SPACE) q++;
      if (q >= this.#n || t.charCodeAt(q) === NL) {
        // An empty line, or blanks no deeper than the scalar's indentation (deeper ones hold content spaces, and
        // before the first content line they decide the indentation: both left to the full way).
        if (q > lineStart && (indent < 0 || q - lineStart > indent)) fail();
        empties++;
        lineStart = q + 1;
        continue;
      }
      const lineIndent = q - lineStart;
      if (indent < 0) {
        if (lineIndent <= col) fail();
        indent = lineIndent;
      } else if (lineIndent < indent) break;
      for (; empties > 0; empties--) lines.push('');
      const nl = t.indexOf('\n', q);
      const lineEnd = nl < 0 ? this.#n : nl;
      lines.push(t.slice(lineStart + indent, lineEnd));
      end = nl < 0 ? this.#n : nl + 1;
      lineStart = end;
    }
    if (indent < 0) fail();
    const value = strip ? lines.join('\n') : `${lines.join('\n')}\n`;
    const node = scalar(value, 'BLOCK_LITERAL', v, end, end);
    this.#seek(end);
    return node;
  }

  /** The offset of the closing quote of a one-line quoted scalar opening at `v`. */
  #quotedEnd(v: number): number {
    const t = this.#t;
    const quote = t.charCodeAt(v);
    for (let q = v + 1; q < this.#n; q++) {
      const d = t.charCodeAt(q);
      if (d === NL) fail();
      if (d === BACKSLASH && quote === DQUOTE) {
        q++;
        continue;
      }
      if (d !== quote) continue;
      if (quote === SQUOTE && t.charCodeAt(q + 1) === SQUOTE) {
        q++;
        continue;
      }
      return q;
    }
    return fail();
  }

  /** Items of a one-line flow sequence from after its `[`; returns the offset after its `]`. */
  #flowItems(seq: YAMLSeq, from: number): number {
    const t = this.#t;
    let p = from;
    const skip = (): void => {
      while (p < this.#n && t.charCodeAt(p) === SPACE) p++;
    };
    skip();
    if (t.charCodeAt(p) === RBRACKET) return p + 1;
    for (;;) {
      const c = t.charCodeAt(p);
      let item: Scalar;
      if (c === DQUOTE || c === SQUOTE) {
        const close = this.#quotedEnd(p);
        item = quoted(t, p, close);
        p = close + 1;
      } else {
        if ((isIndicator(c) && !(c === DASH && isSafeAfterDash(t.charCodeAt(p + 1), true))) || p >= this.#n) fail();
        const start = p;
        let contentEnd = p;
        for (; p < this.#n; p++) {
          const d = t.charCodeAt(p);
          if (d === COMMA || d === RBRACKET) break;
          if (d === NL || d === COLON || d === HASH || d === LBRACKET || d === 123 || d === 125) fail();
          if (d !== SPACE) contentEnd = p + 1;
        }
        item = scalar(t.slice(start, contentEnd), 'PLAIN', start, contentEnd, contentEnd);
      }
      skip();
      const d = t.charCodeAt(p);
      item.range = [(item.range as number[])[0] as number, (item.range as number[])[1] as number, p];
      seq.items.push(item);
      if (d === RBRACKET) return p + 1;
      if (d !== COMMA) fail();
      p++;
      skip();
      if (t.charCodeAt(p) === RBRACKET || t.charCodeAt(p) === COMMA) fail();
    }
  }
}

function scalar(source: string, type: Scalar.Type, start: number, end: number, nodeEnd: number): Scalar {
  const s = new Scalar(source);
  s.range = [start, end, nodeEnd];
  s.source = source;
  s.type = type;
  return s;
}

function quoted(t: string, open: number, close: number): Scalar {
  const double = t.charCodeAt(open) === DQUOTE;
  const inner = t.slice(open + 1, close);
  const value = double ? unescapeDouble(inner) : inner.replaceAll("''", "'");
  return scalar(value, double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', open, close + 1, close + 1);
}

/** The `yaml` package's one-character escapes of double-quoted scalars (\\x, \\u, \\U go the full way). */
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

function unescapeDouble(inner: string): string {
  if (!inner.includes('\\')) return inner;
  let out = '';
  let from = 0;
  for (let i = inner.indexOf('\\'); i >= 0; i = inner.indexOf('\\', from)) {
    const e = ESCAPES[inner[i + 1] as string];
    if (e === undefined) fail();
    out += inner.slice(from, i) + e;
    from = i + 2;
  }
  return out + inner.slice(from);
}
