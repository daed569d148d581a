import type { JsonPath } from './json-path.js';

export type Severity = 'error' | 'warning' | 'info';

/** A place in a source text. Lines and columns are 1-based; columns count characters. */
export interface Position {
  readonly line: number;
  readonly column: number;
  /** 0-based character offset into the text. */
  readonly offset: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/**
 * A problem in user input. Issues are data: validators return them, they are
 * never thrown. `path` points into the document; `range` is filled at the edge
 * by source/correlate when a source text is known.
 */
export interface Issue {
  readonly code: string;
  readonly severity: Severity;
  readonly path: JsonPath;
  readonly message: string;
  readonly range?: Range;
  /**
   * What the message says, as data, for code that needs a particular of it
   * (the message is for people and never parsed back). Set by the few issues
   * whose particulars another stage uses; renderers ignore it.
   */
  readonly details?: IssueDetails;
}

/** An issue's particulars, keyed by name (e.g. SRC_YAML_DUPLICATE_KEY: `key`, `firstLine`). */
export type IssueDetails = Readonly<Record<string, string | number | boolean>>;

export function issue(severity: Severity, code: string, path: JsonPath, message: string, range?: Range): Issue {
  return range === undefined ? { code, severity, path, message } : { code, severity, path, message, range };
}

export const errorAt = (code: string, path: JsonPath, message: string, range?: Range): Issue =>
  issue('error', code, path, message, range);
export const warningAt = (code: string, path: JsonPath, message: string, range?: Range): Issue =>
  issue('warning', code, path, message, range);
export const infoAt = (code: string, path: JsonPath, message: string, range?: Range): Issue =>
  issue('info', code, path, message, range);
