import type { Position, Range } from '../core/index.js';

/**
 * Test helper: throws unless a range lies inside `text` and every
 * position's line and column agree with its offset, computed naively here
 * (lines end at "\n", columns count code points). No node:* imports, so the
 * helper obeys the layer rule of src/source like everything beside it.
 */
export function assertRangeInside(text: string, range: Range, what = 'range'): void {
  assertPosition(text, range.start, `${what}.start`);
  assertPosition(text, range.end, `${what}.end`);
  if (range.start.offset > range.end.offset)
    throw new Error(`${what}: start ${range.start.offset} after end ${range.end.offset}`);
}

function assertPosition(text: string, p: Position, what: string): void {
  if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset > text.length) {
    throw new Error(`${what}: offset ${p.offset} outside 0..${text.length}`);
  }
  const before = text.slice(0, p.offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = Array.from(text.slice(lineStart, p.offset)).length + 1;
  if (p.line !== line) throw new Error(`${what}: line ${p.line} for offset ${p.offset}, expected ${line}`);
  if (p.column !== column) throw new Error(`${what}: column ${p.column} for offset ${p.offset}, expected ${column}`);
}
