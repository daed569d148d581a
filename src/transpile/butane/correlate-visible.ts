import type { JsonPath } from '../../core/index.js';
import { Report } from '../../core/index.js';
import { correlate, type SourceIndex } from '../../source/index.js';

/**
 * Butane correlates against the YAML as written (vcontext's tree), where
 * keys brought in by a `<<` merge do not exist: a path through one is
 * placed at the mapping that merged it.
 */
export function correlateVisible(report: Report, index: SourceIndex): Report {
  return report.map((issue) => {
    if (issue.range !== undefined) return correlate(Report.of(issue), index).issues[0]!;
    const visible = visiblePath(index, issue.path);
    if (visible.length === issue.path.length) return correlate(Report.of(issue), index).issues[0]!;
    const placed = correlate(Report.of({ ...issue, path: visible }), index, { target: 'value' }).issues[0]!;
    return placed.range === undefined ? { ...issue } : { ...issue, range: placed.range };
  });
}

function visiblePath(index: SourceIndex, path: JsonPath): JsonPath {
  for (let n = 1; n <= path.length; n++) {
    const parent = index.get(path.slice(0, n - 1));
    const child = index.get(path.slice(0, n));
    if (parent === undefined || child === undefined) return path;
    if (parent.kind === 'mapping') {
      const k = child.keyRange ?? child.range;
      if (k.start.offset < parent.range.start.offset || k.start.offset > parent.range.end.offset) return path.slice(0, n - 1);
    }
  }
  return path;
}
