import type { Command } from 'commander';

/** One node of the command tree as completion scripts see it. */
export interface CompletionNode {
  /** `disk create`; '' for the root. */
  readonly path: string;
  readonly subcommands: readonly string[];
  /** Every flag spelling: `-o`, `--output`, `--size`. */
  readonly options: readonly string[];
}

/** Flattens a commander tree (root first) into completion nodes. */
export function completionNodes(root: Command): CompletionNode[] {
  const out: CompletionNode[] = [];
  const walk = (cmd: Command, path: string): void => {
    const subs = cmd.commands.filter((c) => c.name() !== 'help');
    const options = cmd.options.flatMap((o) => [o.short, o.long].filter((f): f is string => f !== undefined));
    options.push('-h', '--help');
    out.push({ path, subcommands: subs.map((c) => c.name()), options: [...new Set(options)] });
    for (const sub of subs) walk(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  walk(root, '');
  return out;
}
