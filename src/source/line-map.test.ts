import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LineMap } from './line-map.js';

/** Columns by walking code points: the slow, obvious definition. */
function slowColumn(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return [...text.slice(lineStart, offset)].length + 1;
}

test('columns count code points: pairs before the offset on the same line are one column', () => {
  const text = '😀a😀\n😀😀b\n\ud800x';
  const m = new LineMap(text);
  const rows: Array<[number, string]> = [
    [0, '1:1'],
    [2, '1:2'],
    [3, '1:3'],
    [5, '1:4'],
    [6, '2:1'],
    [8, '2:2'],
    [10, '2:3'],
    [11, '2:4'],
    [12, '3:1'],
    [13, '3:2'],
    [14, '3:3'],
  ];
  for (const [offset, want] of rows) {
    const p = m.positionAt(offset);
    assert.equal(`${p.line}:${p.column}`, want, `offset ${offset}`);
  }
});

test('positionAt agrees with a code-point walk on random text with astral characters', () => {
  const unit = fc.constantFrom('a', '\n', '😀', '\ud800', '\udc00', 'é', '𝄞');
  fc.assert(
    fc.property(
      fc.array(unit, { maxLength: 60 }).map((xs) => xs.join('')),
      fc.nat(),
      (text, n) => {
        const m = new LineMap(text);
        const offset = m.clampOffset(n % (text.length + 1));
        assert.equal(m.positionAt(offset).column, slowColumn(text, offset));
      },
    ),
    { numRuns: 3000 },
  );
});
