import type { Issue, Report } from '../core/index.js';

/** The kinds ct prints: Hull's severities plus ct's "deprecated". */
export type CtKind = 'error' | 'warning' | 'info' | 'deprecated';

export interface CtRenderOptions {
  /** The kind word per issue (default: its severity). Map deprecation warnings to 'deprecated' here. */
  readonly kindOf?: (issue: Issue) => CtKind;
}

/**
 * ct 0.9.4's report, as it prints it on stderr (Ignition 0.x report.Entry):
 * each entry is `kind at line L, column C` newline `message`, or
 * `kind: message` without a position; entries are separated by a newline and
 * the whole ends with one. An empty report renders as ''.
 */
export function renderCt(report: Report, opts: CtRenderOptions = {}): string {
  if (report.issues.length === 0) return '';
  const kindOf = opts.kindOf ?? ((i: Issue): CtKind => i.severity);
  const text = report.issues.map((i) => ctEntry(i, kindOf(i))).join('\n');
  return `${text.endsWith('\n') ? text.slice(0, -1) : text}\n`;
}

/** One entry without a trailing newline. */
export function ctEntry(issue: Issue, kind: CtKind = issue.severity): string {
  const start = issue.range?.start;
  if (start !== undefined && start.line > 0)
    return `${kind} at line ${start.line}, column ${start.column}\n${issue.message}`;
  return `${kind}: ${issue.message}`;
}
