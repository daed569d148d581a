import { Command } from 'commander';
import { readInput } from '../../adapters/node/read-input.js';
import { ignitionValidateView, validateConfigText } from '../../ignition/index.js';
import { renderIgnitionValidate, renderJson } from '../../source/index.js';
import type { CliContext } from '../context.js';

export function command(ctx: CliContext): Command {
  const ignition = new Command('ignition').description('work with Ignition configs (spec 3.0 to 3.6)');
  ignition
    .command('validate')
    .description('validate an Ignition config, printing problems as ignition-validate does')
    .argument('[file]', "the config file; '-' or none reads standard input")
    .action(async (file: string | undefined) => {
      const text = await readInput(file, process.stdin);
      const { report } = validateConfigText(text);
      if (ctx.output === 'json') {
        ctx.stdout.write(renderJson(report));
      } else {
        const view = ignitionValidateView(report);
        ctx.stdout.write(renderIgnitionValidate(view.report));
        if (view.parseError !== undefined) ctx.stderr.write(`${view.parseError}\n`);
      }
      ctx.exitCode = report.isFatal() ? 1 : 0;
    });
  return ignition;
}
