import type { Issue, Report, Severity } from '../core/index.js';
import { GO_SPACE } from './go-text.js';
import { rawEntry, vcontextPath } from './render-raw.js';

export type ColorMode = 'auto' | 'always' | 'never';

/** How the caller's environment asks for colour; source/ reads no process state itself. */
export interface ColorChoice {
  /** Butane's --color: 'auto' (default), 'always' or 'never'. */
  readonly colorMode?: ColorMode;
  /** Whether the output (stderr) is a terminal. Default false. */
  readonly isTTY?: boolean;
  /** The environment; NO_COLOR set to anything (even empty) turns 'auto' colour off. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Butane 0.29's rule: always → on, never → off, auto → a terminal and no NO_COLOR. */
export function shouldColor(choice: ColorChoice = {}): boolean {
  const mode = choice.colorMode ?? 'auto';
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return choice.isTTY === true && choice.env?.NO_COLOR === undefined;
}

export interface ButanePrettyOptions extends ColorChoice {
  /** The source text the ranges point into. */
  readonly text: string;
  /** The file name shown after "-->"; Butane shows "<stdin>" when reading stdin (the default). */
  readonly fileName?: string;
}

const RED = '\x1b[1;31m';
const YELLOW = '\x1b[1;33m';
const CYAN = '\x1b[1;36m';
const BLUE = '\x1b[1;34m';
const RESET = '\x1b[0m';
const SEVERITY_COLOR: Record<Severity, string> = { error: RED, warning: YELLOW, info: CYAN };
const CONTEXT_LINES = 2;

/**
 * Butane 0.29's default report: per entry a header `error[$.path]:`, the
 * location `  --> FILE:L:C`, up to two lines of source before and after with
 * a right-aligned line-number gutter, and under the offending line a run of
 * `^` from the column to the next whitespace followed by the message. A blank
 * line separates entries. Entries without a position (or whose position is
 * past the end of its line) fall back to the raw one-line form. Colours:
 * bold red/yellow/cyan severity, bold blue arrow, line numbers and carets.
 */
export function renderButanePretty(report: Report, opts: ButanePrettyOptions): string {
  const lines = opts.text.split('\n');
  const colorize = shouldColor(opts);
  const file = opts.fileName ?? '<stdin>';
  return report.issues.map((i) => prettyEntry(i, lines, file, colorize)).join('\n');
}

function prettyEntry(issue: Issue, lines: readonly string[], file: string, colorize: boolean): string {
  const start = issue.range?.start;
  if (start === undefined) return `${rawEntry(issue)}\n`;
  const { line, column: col } = start;
  const lineText = lines[line - 1];
  if (line < 1 || lineText === undefined || col < 1 || col > Array.from(lineText).length) return `${rawEntry(issue)}\n`;

  const paint = (s: string, code: string): string => (colorize ? `${code}${s}${RESET}` : s);
  const path = issue.path.length > 0 ? `[${vcontextPath(issue.path)}]` : '';
  let out = `${paint(issue.severity, SEVERITY_COLOR[issue.severity])}${path}:\n`;
  out += `  ${paint('-->', BLUE)} ${file}:${line}:${col}\n`;
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.length, line + CONTEXT_LINES);
  const width = String(last).length;
  const blank = ` ${' '.repeat(width)} |\n`;
  out += blank;
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1] as string;
    out += ` ${paint(String(n).padStart(width), BLUE)} | ${text}\n`;
    if (n === line) {
      const rest = Array.from(text).slice(col - 1);
      const ws = rest.findIndex((ch) => GO_SPACE.test(ch));
      const carets = '^'.repeat(ws === -1 ? rest.length : ws);
      out += ` ${' '.repeat(width)} | ${' '.repeat(col - 1)}${paint(carets, BLUE)} ${issue.message}\n`;
    }
  }
  return out + blank;
}
