import { errorAt, type Issue } from '../core/index.js';

/** Default size limit: 64 MiB of UTF-8. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/**
 * Default nesting limit. go-yaml and encoding/json stop at 10000; Hull stops
 * at 1000 so that its recursive tree walks stay far from the JS stack limit.
 * Real configs nest fewer than 20 levels.
 */
export const DEFAULT_MAX_DEPTH = 1000;

/** opts.maxBytes, or the default when it is missing or not a non-negative number. */
export function byteLimit(maxBytes: number | undefined): number {
  return maxBytes !== undefined && Number.isFinite(maxBytes) && maxBytes >= 0
    ? Math.floor(maxBytes)
    : DEFAULT_MAX_BYTES;
}

/** opts.maxDepth, or the default when it is missing or not a positive integer. */
export function depthLimit(maxDepth: number | undefined): number {
  return maxDepth !== undefined && Number.isInteger(maxDepth) && maxDepth > 0 ? maxDepth : DEFAULT_MAX_DEPTH;
}

/** Limits shared by parseYaml and parseJson. */
export interface ParseLimits {
  /** Largest accepted input, in UTF-8 bytes (default 64 MiB). */
  readonly maxBytes?: number;
  /** Deepest accepted nesting of collections (default 1000). */
  readonly maxDepth?: number;
}

/**
 * The UTF-8 size of `text` when it is at most `maxBytes`, or -1 when it is
 * larger. Cheap on huge inputs: a text with more UTF-16 units than the limit
 * is rejected without reading it (every unit is at least one UTF-8 byte), so
 * a 200 MB string is turned away in microseconds.
 */
export function utf8SizeWithin(text: string, maxBytes: number): number {
  const limit = byteLimit(maxBytes);
  if (text.length > limit) return -1;
  if (!/[^\x00-\x7F]/.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
    if (bytes > limit) return -1;
  }
  return bytes;
}

/**
 * The SRC_INPUT_TOO_LARGE issue, or undefined when `text` fits in `maxBytes`.
 * The issue points at the start of the text (line 1, column 1): the whole
 * input is the problem, and finding the line where the limit is crossed
 * would mean reading the huge text this check exists to avoid.
 */
export function checkSize(text: string, maxBytes: number | undefined): Issue | undefined {
  const limit = byteLimit(maxBytes);
  // Every UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4): short enough texts fit unread.
  if (text.length * 3 <= limit || utf8SizeWithin(text, limit) >= 0) return undefined;
  return tooLargeIssue(limit);
}

/** The SRC_INPUT_TOO_LARGE issue for an input over `limit` bytes. */
export function tooLargeIssue(limit: number): Issue {
  const start = { line: 1, column: 1, offset: 0 };
  return errorAt(
    'SRC_INPUT_TOO_LARGE',
    [],
    `input is larger than the size limit of ${describeBytes(limit)} and was not parsed`,
    { start, end: start },
  );
}

function describeBytes(n: number): string {
  const MiB = 1024 * 1024;
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB (${n} bytes)`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB (${n} bytes)`;
  return `${n} bytes`;
}
