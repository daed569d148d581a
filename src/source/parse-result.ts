import { errorAt, Report, type Issue } from '../core/index.js';
import type { ParseLimits } from './limits.js';
import { SourceIndex, type SourceSyntax } from './source-index.js';

/** What parseYaml and parseJson return. They never throw. */
export interface ParseResult {
  /**
   * The generic value (objects, arrays, strings, numbers, booleans, null);
   * undefined when the report has an error. null for an empty document.
   */
  readonly value: unknown;
  /** Positions of every path. Present even on errors (then possibly partial or empty). */
  readonly index: SourceIndex;
  /** Problems found while parsing, each with a range. */
  readonly report: Report;
  /** True when the text holds no document: empty, blanks/comments only, or a bare `---`. */
  readonly empty: boolean;
}

export type ParseOptions = ParseLimits;

export function resultOf(
  text: string,
  syntax: SourceSyntax,
  value: unknown,
  index: SourceIndex | undefined,
  issues: readonly Issue[],
  empty: boolean,
): ParseResult {
  const report = new Report(issues);
  return {
    value: report.isFatal() ? undefined : value,
    index: index ?? SourceIndex.empty(text, syntax),
    report,
    empty,
  };
}

/**
 * The result for anything thrown while parsing: never rethrown. A stack
 * overflow is reported as SRC_NESTING_TOO_DEEP, anything else as
 * SRC_INTERNAL_ERROR (a bug), both at the start of the text.
 */
export function internalErrorResult(text: string, syntax: SourceSyntax, err: unknown): ParseResult {
  const overflow = err instanceof RangeError && /call stack/i.test(err.message);
  const issue = overflow
    ? errorAt('SRC_NESTING_TOO_DEEP', [], 'the document is nested too deeply to parse', START)
    : errorAt(
        'SRC_INTERNAL_ERROR',
        [],
        `internal error while parsing ${syntax.toUpperCase()}: ${err instanceof Error ? err.message : String(err)}`,
        START,
      );
  return resultOf(text, syntax, undefined, undefined, [issue], false);
}

const START = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** The text to parse: strings as they are; anything else as String() makes it, or '' if that throws. */
export function asText(text: unknown): string {
  if (typeof text === 'string') return text;
  try {
    return String(text);
  } catch {
    return '';
  }
}
