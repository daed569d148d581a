import type { Issue, JsonPath, Report } from '../core/index.js';
import { goSprintfNoArgs, goTrimSpace } from './go-text.js';

/**
 * The context path as vcontext prints it: "$" and every segment after a dot,
 * unquoted ($.storage.files.0.path). Unlike core's formatPath, keys that are
 * not identifiers are not quoted: that is what Butane and Ignition print.
 */
export function vcontextPath(path: JsonPath): string {
  return ['$', ...path.map(String)].join('.');
}

/**
 * One entry as vcontext's Entry.String() prints it:
 * `error at $.a.0.b, line 5 col 13: msg`, `error at line 5 col 13: msg`,
 * `error at $.a: msg` or `error: msg`. The root path counts as no path.
 */
export function rawEntry(issue: Issue): string {
  const start = issue.range?.start;
  const hasPos = start !== undefined && start.line > 0;
  const hasPath = issue.path.length > 0;
  let at = '';
  if (hasPos && hasPath) at = ` at ${vcontextPath(issue.path)}, line ${start.line} col ${start.column}`;
  else if (hasPos) at = ` at line ${start.line} col ${start.column}`;
  else if (hasPath) at = ` at ${vcontextPath(issue.path)}`;
  return `${issue.severity}${at}: ${issue.message}`;
}

/**
 * Butane's raw report (`--raw-errors`, and the only form before 0.29): each
 * entry on its own line, each line ending in a newline. '' when empty.
 */
export function renderButaneRaw(report: Report): string {
  return report.issues.map((i) => `${rawEntry(i)}\n`).join('');
}

export interface IgnitionValidateRenderOptions {
  /**
   * ignition-validate passes its report to fmt.Fprintf as the format string,
   * so "%" in a message is mangled ("100%" → "100%!(NOVERB)"). Reproduced by
   * default; set false for the clean text.
   */
  readonly goFormatQuirk?: boolean;
}

/**
 * ignition-validate's output (stdout): the vcontext entries, one per line,
 * trimmed of surrounding whitespace, with one final newline. '' when empty.
 */
export function renderIgnitionValidate(report: Report, opts: IgnitionValidateRenderOptions = {}): string {
  if (report.issues.length === 0) return '';
  const trimmed = goTrimSpace(renderButaneRaw(report));
  return `${opts.goFormatQuirk === false ? trimmed : goSprintfNoArgs(trimmed)}\n`;
}
