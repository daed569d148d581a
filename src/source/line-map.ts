import type { Position, Range } from '../core/index.js';

/**
 * Turns 0-based offsets (UTF-16 indices into the JS string) into 1-based
 * line:column positions and back. Lines end at "\n" only (a "\r" before it
 * belongs to the line, as in go-yaml's and vcontext's line counting); columns
 * count characters (Unicode code points), as go-yaml's columns count runes.
 *
 * Line starts are computed on first use, so a LineMap of a huge text costs
 * nothing until a position is asked for.
 */
export class LineMap {
  readonly text: string;
  #starts: number[] | undefined;
  /** Offsets of the high halves of surrogate pairs, ascending; made on first use. */
  #pairs: number[] | undefined;

  constructor(text: string) {
    this.text = text;
  }

  /** Number of lines (an empty text has one empty line). */
  get lineCount(): number {
    return this.#lineStarts().length;
  }

  /** The position of `offset`, clamped into 0..text.length and moved off the middle of a surrogate pair. */
  positionAt(offset: number): Position {
    const o = this.clampOffset(offset);
    const starts = this.#lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo] as number;
    return { line: lo + 1, column: this.#columnOf(lineStart, o), offset: o };
  }

  /** A range from `start` to `end` (clamped, and swapped when reversed). */
  rangeAt(start: number, end: number): Range {
    const s = this.clampOffset(start);
    const e = this.clampOffset(end);
    return s <= e
      ? { start: this.positionAt(s), end: this.positionAt(e) }
      : { start: this.positionAt(e), end: this.positionAt(s) };
  }

  /** The offset of a 1-based line:column, clamped into the text (a column past the line's end gives its end). */
  offsetAt(line: number, column: number): number {
    const starts = this.#lineStarts();
    if (!Number.isFinite(line) || line < 1) return 0;
    if (line > starts.length) return this.text.length;
    const lineStart = starts[line - 1] as number;
    const lineEnd = line < starts.length ? (starts[line] as number) - 1 : this.text.length;
    let o = lineStart;
    let col = 1;
    const want = Number.isFinite(column) ? Math.max(1, Math.floor(column)) : 1;
    while (col < want && o < lineEnd) {
      o += isHighSurrogateAt(this.text, o) && isLowSurrogateAt(this.text, o + 1) ? 2 : 1;
      col++;
    }
    return Math.min(o, lineEnd);
  }

  /** The text of a 1-based line without its "\n" ('' when out of range). */
  lineText(line: number): string {
    const starts = this.#lineStarts();
    if (!Number.isInteger(line) || line < 1 || line > starts.length) return '';
    const start = starts[line - 1] as number;
    const end = line < starts.length ? (starts[line] as number) - 1 : this.text.length;
    return this.text.slice(start, end);
  }

  /** Clamps into 0..text.length; an offset between the halves of a surrogate pair moves to the pair's start. */
  clampOffset(offset: number): number {
    let o = Number.isFinite(offset) ? Math.floor(offset) : 0;
    if (o < 0) o = 0;
    if (o > this.text.length) o = this.text.length;
    if (o > 0 && isLowSurrogateAt(this.text, o) && isHighSurrogateAt(this.text, o - 1)) o -= 1;
    return o;
  }

  #lineStarts(): number[] {
    if (this.#starts === undefined) {
      const starts = [0];
      const t = this.text;
      let i = t.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = t.indexOf('\n', i + 1);
      }
      this.#starts = starts;
    }
    return this.#starts;
  }

  #columnOf(lineStart: number, offset: number): number {
    // Columns count code points: each surrogate pair wholly between the line
    // start and the offset is one column for two UTF-16 units. Pairs are
    // found once, so a position costs two binary searches, not a line scan.
    if (this.#pairs === undefined) {
      const pairs: number[] = [];
      const t = this.text;
      for (let i = t.search(/[\uD800-\uDBFF]/); i !== -1 && i < t.length - 1; i++) {
        if (isHighSurrogateAt(t, i) && isLowSurrogateAt(t, i + 1)) pairs.push(i++);
      }
      this.#pairs = pairs;
    }
    const pairs = this.#pairs;
    const units = offset - lineStart;
    if (pairs.length === 0) return units + 1;
    // pairs p with lineStart <= p and p + 1 < offset
    const inside = lowerBound(pairs, offset - 1) - lowerBound(pairs, lineStart);
    return units - Math.max(0, inside) + 1;
  }
}

/** The number of items of the ascending `xs` that are less than `x`. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isHighSurrogateAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogateAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}
