/**
 * Issue positions (1-based line, column in code points, as src/source counts
 * them) to offsets in the editor's text (UTF-16 units, as CodeMirror counts).
 * Pure: no DOM, so test/web/ can run it under Node.
 */
export interface LineText {
  /** Offset of the line's first character. */
  readonly from: number;
  readonly text: string;
}

export interface Span {
  readonly from: number;
  readonly to: number;
}

/** Offset of column `column` (1-based, code points) in the line; past the end clamps to the end. */
export function offsetInLine(line: LineText, column: number): number {
  let units = 0;
  let cps = 1;
  while (cps < column && units < line.text.length) {
    const c = line.text.codePointAt(units)!;
    units += c > 0xffff ? 2 : 1;
    cps++;
  }
  return line.from + units;
}

export interface IssuePlace {
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
}

/**
 * The editor span of an issue, or undefined when it has no position. A span
 * of no width (a type error just after a value, a missing field) is widened
 * to the next whitespace on its line, or to the character before it at the
 * end of a line, so that there is something to underline.
 */
export function spanOf(issue: IssuePlace, lineAt: (n: number) => LineText | undefined): Span | undefined {
  if (issue.line === null || issue.column === null) return undefined;
  const start = lineAt(issue.line);
  if (start === undefined) return undefined;
  const from = offsetInLine(start, issue.column);
  let to = from;
  if (issue.endLine !== null && issue.endColumn !== null) {
    const end = lineAt(issue.endLine);
    if (end !== undefined) to = Math.max(from, offsetInLine(end, issue.endColumn));
  }
  if (to > from) return { from, to };
  const rest = start.text.slice(from - start.from);
  const word = /^\S+/.exec(rest);
  if (word !== null) return { from, to: from + word[0].length };
  if (rest.length > 0) return { from, to: from + 1 };
  if (from > start.from) return { from: from - 1, to: from };
  return { from, to: from };
}
