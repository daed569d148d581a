import { formatPath, type Report, type Severity } from '../core/index.js';

/** One issue in Hull's JSON report. Positions are null when the issue has no range. */
export interface JsonIssue {
  readonly code: string;
  readonly severity: Severity;
  /** The path formatted by core's formatPath: `$.storage.files.0.path`, `$.a["b.c"]`. */
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly message: string;
}

export function toJsonIssues(report: Report): JsonIssue[] {
  return report.issues.map((i) => ({
    code: i.code,
    severity: i.severity,
    path: formatPath(i.path),
    line: i.range?.start.line ?? null,
    column: i.range?.start.column ?? null,
    endLine: i.range?.end.line ?? null,
    endColumn: i.range?.end.column ?? null,
    message: i.message,
  }));
}

/** The report as a JSON array (two-space indented with `pretty`), followed by a newline. */
export function renderJson(report: Report, opts: { readonly pretty?: boolean } = {}): string {
  return `${JSON.stringify(toJsonIssues(report), null, opts.pretty === true ? 2 : undefined)}\n`;
}
