import type { Issue, JsonPath } from '../../core/index.js';
import { Report } from '../../core/index.js';
import { correlate, type SourceIndex } from '../../source/index.js';

/**
 * Butane correlates against the YAML as written (vcontext's tree), where
 * keys brought in by a `<<` merge do not exist: a path through one is
 * placed at the mapping that merged it.
 */
export function correlateVisible(report: Report, index: SourceIndex): Report {
  return report.map((issue) => emptyValueMark(index, place(index, issue)));
}

function place(index: SourceIndex, issue: Issue): Issue {
  if (issue.range !== undefined) return correlate(Report.of(issue), index).issues[0]!;
  const visible = visiblePath(index, issue.path);
  if (visible.length === issue.path.length) return correlate(Report.of(issue), index).issues[0]!;
  const placed = correlate(Report.of({ ...issue, path: visible }), index, { target: 'value' }).issues[0]!;
  return placed.range === undefined ? { ...issue } : { ...issue, range: placed.range };
}

/**
 * go-yaml marks an empty value (`key:` then nothing) just after the colon,
 * also when spaces follow it; src/source places it after the spaces. Until
 * that is fixed there, an empty range preceded by `:` and blanks on the
 * same line is moved back to just after the colon.
 */
function emptyValueMark(index: SourceIndex, issue: Issue): Issue {
  const r = issue.range;
  if (r === undefined || r.start.offset !== r.end.offset) return issue;
  const text = index.text;
  let i = r.start.offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i === r.start.offset || i === 0 || text[i - 1] !== ':') return issue;
  const at = index.positionAt(i);
  return { ...issue, range: { start: at, end: at } };
}

function visiblePath(index: SourceIndex, path: JsonPath): JsonPath {
  for (let n = 1; n <= path.length; n++) {
    const parent = index.get(path.slice(0, n - 1));
    const child = index.get(path.slice(0, n));
    if (parent === undefined || child === undefined) return path;
    if (parent.kind === 'mapping') {
      const k = child.keyRange ?? child.range;
      if (k.start.offset < parent.range.start.offset || k.start.offset > parent.range.end.offset)
        return path.slice(0, n - 1);
    }
  }
  return path;
}
