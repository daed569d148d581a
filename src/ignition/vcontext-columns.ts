import { samePath, type Report } from '../core/index.js';
import type { SourceIndex } from '../source/index.js';

/**
 * Ignition (vcontext) places an issue about a JSON object or array just after
 * its opening brace or bracket, and a type error (encoding/json's offset)
 * just after a scalar value; Hull's ranges start at the brace or value. Moving the
 * start one character right keeps line:column identical to ignition-validate
 * (the brace is never the last character of a line that matters: the next
 * character is on the same line, as in vcontext). Unused-key warnings stay at
 * the key. The one home of this shift: validation (validate.ts) and the
 * translation of a config text (translate/text.ts) both place through it.
 */
export function vcontextColumns(report: Report, index: SourceIndex): Report {
  return report.map((i) => {
    if (i.range === undefined || i.code.endsWith('_UNUSED_KEY')) return i;
    // A path the text lacks (a missing field) is placed at its nearest ancestor, as vcontext does.
    const entry = index.get(i.path) ?? index.nearest(i.path)?.entry;
    if (entry === undefined) return i;
    const { start, end } = i.range;
    if (entry.kind === 'scalar') {
      // encoding/json reports a type error at the offset just after the value.
      if (i.code !== 'IGN_TYPE_MISMATCH' || !samePath(entry.path, i.path)) return i;
      return { ...i, range: { start: entry.range.end, end: entry.range.end } };
    }
    if (start.offset !== entry.range.start.offset) return i;
    const moved = { line: start.line, column: start.column + 1, offset: start.offset + 1 };
    return { ...i, range: { start: moved, end } };
  });
}
