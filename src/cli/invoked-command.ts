/**
 * Which subcommand an argument list invokes. No imports: bin/hull.cjs loads
 * this file alone (dist/invoked-command.cjs) to choose the command's own
 * bundle before loading any CLI code (docs/decisions.md D55), and main.ts
 * uses the same function, so both always agree.
 */

/** Global options that take a value (the value is not a command's name). */
export const GLOBAL_WITH_VALUE: ReadonlySet<string> = new Set(['-o', '--output']);

/**
 * The subcommand the arguments invoke, if any: the first word that is not a
 * global option or its value (`hull -o json serve`), or the word after `help`.
 */
export function invokedCommandName(argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (GLOBAL_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    words.push(arg);
    if (words[0] !== 'help' || words.length === 2) break;
  }
  return words[0] === 'help' ? words[1] : words[0];
}
