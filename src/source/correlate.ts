import { Report, type Issue, type Range } from '../core/index.js';
import type { SourceIndex } from './source-index.js';

/** Which part of a mapping member an issue points at. */
export type CorrelateTarget = 'key' | 'value';

export interface CorrelateOptions {
  /**
   * Key or value, per issue. ct and Butane point at the key for unknown-key
   * warnings and at the value for everything else; the default does that by
   * code: codes ending in _UNKNOWN_KEY or _UNUSED_KEY point at the key.
   */
  readonly target?: CorrelateTarget | ((issue: Issue) => CorrelateTarget);
  /** Recompute ranges that issues already carry (default false: keep them, clamped into the text). */
  readonly overwrite?: boolean;
  /**
   * When no node of the path exists (empty document, unparsable text):
   * 'omit' leaves the issue without a range (renderers then print it without
   * a position, like ct's "error: msg"); 'start' points at line 1, column 1.
   */
  readonly whenMissing?: 'omit' | 'start';
}

/** The default target rule: the key for unknown/unused-key issues, the value otherwise. */
export function defaultTarget(issue: Issue): CorrelateTarget {
  return /_(UNKNOWN|UNUSED)_KEY$/.test(issue.code) ? 'key' : 'value';
}

/**
 * Fills the range of every issue from its path, the way vcontext's
 * Report.Correlate does: the exact path when it exists; otherwise its
 * deepest existing ancestor (for an absent key, the mapping that lacks it),
 * pointing at that ancestor's value. Never throws; every range it returns
 * lies inside the text (0 <= offsets <= text.length, start <= end, line and
 * column consistent with the offset).
 */
export function correlate(report: Report, index: SourceIndex, opts: CorrelateOptions = {}): Report {
  const issues = report.issues.map((i) => {
    try {
      return correlateOne(i, index, opts);
    } catch {
      return stripRange(i);
    }
  });
  return new Report(issues);
}

/** One issue; exported for callers that handle issues one by one. */
export function correlateIssue(issue: Issue, index: SourceIndex, opts: CorrelateOptions = {}): Issue {
  try {
    return correlateOne(issue, index, opts);
  } catch {
    return stripRange(issue);
  }
}

function correlateOne(issue: Issue, index: SourceIndex, opts: CorrelateOptions): Issue {
  if (issue.range !== undefined && opts.overwrite !== true) {
    const kept = normalize(issue.range, index);
    if (kept !== undefined) return { ...issue, range: kept };
  }
  const path = Array.isArray(issue.path) ? issue.path : [];
  const found = index.nearest(path);
  if (found === undefined) {
    if (opts.whenMissing === 'start') return { ...issue, range: index.rangeAt(0, 0) };
    return stripRange(issue);
  }
  const exact = found.depth === path.length;
  const rule = opts.target ?? defaultTarget;
  const target = typeof rule === 'function' ? rule(issue) : rule;
  const range =
    exact && target === 'key' && found.entry.keyRange !== undefined ? found.entry.keyRange : found.entry.range;
  return { ...issue, range: normalize(range, index) ?? index.rangeAt(0, 0) };
}

/** A range rebuilt from its offsets (or, failing that, its line:column) so it is consistent and inside the text. */
function normalize(range: Range, index: SourceIndex): Range | undefined {
  const toOffset = (p: Range['start'] | undefined): number | undefined => {
    if (p === undefined || p === null || typeof p !== 'object') return undefined;
    if (Number.isFinite(p.offset)) return p.offset;
    if (Number.isFinite(p.line) && Number.isFinite(p.column)) return index.lines.offsetAt(p.line, p.column);
    return undefined;
  };
  const s = toOffset(range?.start);
  if (s === undefined) return undefined;
  const e = toOffset(range?.end) ?? s;
  return index.rangeAt(s, e);
}

function stripRange(issue: Issue): Issue {
  if (issue.range === undefined) return issue;
  const { range: _dropped, ...rest } = issue;
  return rest;
}
