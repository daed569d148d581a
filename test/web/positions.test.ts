import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offsetInLine, spanOf, type LineText } from '../../web/src/positions.js';

// Issue line:column (code points) → editor offsets (UTF-16), as the page underlines them.
function linesOf(text: string): (n: number) => LineText | undefined {
  const lines: LineText[] = [];
  let from = 0;
  for (const t of text.split('\n')) {
    lines.push({ from, text: t });
    from += t.length + 1;
  }
  return (n) => lines[n - 1];
}

test('offsetInLine counts columns in code points, offsets in UTF-16 units, and clamps to the line end', () => {
  const line = { from: 10, text: 'a😀b' };
  assert.equal(offsetInLine(line, 1), 10);
  assert.equal(offsetInLine(line, 2), 11);
  assert.equal(offsetInLine(line, 3), 13, 'after the astral character: two units');
  assert.equal(offsetInLine(line, 4), 14);
  assert.equal(offsetInLine(line, 99), 14);
});

test('spanOf: the issue range; an empty one widened to its word, or the character before at a line end', () => {
  const text = '{\n  "a": 1,\n  "b": "x y"\n}';
  const at = linesOf(text);
  const span = (line: number, column: number, endLine: number | null = null, endColumn: number | null = null) => {
    const s = spanOf({ line, column, endLine, endColumn }, at);
    return s === undefined ? undefined : text.slice(s.from, s.to);
  };
  assert.equal(span(3, 8, 3, 13), '"x y"');
  assert.equal(span(2, 3, 2, 3), '"a":', 'no width: to the next whitespace');
  assert.equal(span(2, 10), ',', 'a single character is kept');
  assert.equal(span(2, 11), ',', 'at the end of the line: the character before');
  assert.equal(spanOf({ line: null, column: null, endLine: null, endColumn: null }, at), undefined);
  assert.equal(
    spanOf({ line: 9, column: 1, endLine: null, endColumn: null }, at),
    undefined,
    'a line the text no longer has',
  );
  assert.deepEqual(spanOf({ line: 1, column: 1, endLine: null, endColumn: null }, linesOf('')), { from: 0, to: 0 });
});
