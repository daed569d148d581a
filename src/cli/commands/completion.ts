import { Argument, Command } from 'commander';
import { completionScript, SHELLS, type Shell } from '../completion/scripts.js';
import { completionNodes } from '../completion/tree.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { COMMANDS } from '../registry.js';

/** The whole tree, every subcommand loaded (completion is the one command that needs them all). */
async function fullTree(ctx: CliContext): Promise<Command> {
  const root = new Command('hull');
  root.option('-o, --output <format>').option('-V, --version');
  for (const entry of COMMANDS) {
    if (entry.name === 'completion') {
      root.addCommand(new Command('completion'));
      continue;
    }
    root.addCommand((await entry.load()).command(ctx));
  }
  return root;
}

export function command(ctx: CliContext): Command {
  return new Command('completion')
    .description('print a shell completion script (subcommands and their options)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh's ${fpath[1]}, printed for the user to run
      '\nbash: source <(hull completion bash)\nzsh:  hull completion zsh > "${fpath[1]}/_hull"\nfish: hull completion fish > ~/.config/fish/completions/hull.fish\n',
    )
    .action(async (shell: Shell) => {
      const script = completionScript(shell, completionNodes(await fullTree(ctx)));
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { shell, script } });
      else ctx.stdout.write(script);
    });
}
