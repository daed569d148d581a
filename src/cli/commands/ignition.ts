import { Command } from 'commander';
import { readInput } from '../../adapters/node/read-input.js';
import { AppError, type Report } from '../../core/index.js';
import {
  findSpecVersion,
  ignitionValidateView,
  marshalConfig,
  parseTargetVersion,
  translateConfigText,
  validateConfigText,
} from '../../ignition/index.js';
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
  ignition
    .command('translate')
    .description('translate an Ignition config (spec 2.0 to 3.6) to spec 3.0 to 3.6, printing it as JSON')
    .requiredOption('--to <version>', 'the spec version to write: 3.0.0 to 3.6.0 (or 3.0 to 3.6)')
    .option('--fsmap <file>', "for 2.x configs: filesystem names to mount paths, lines 'name path' (ign-converter's -fsmap)")
    .option('--pretty', 'indent the JSON by two spaces and end it with a newline')
    .argument('[file]', "the config file; '-' or none reads standard input")
    .action(async (file: string | undefined, opts: { to: string; fsmap?: string; pretty?: boolean }) => {
      const to = parseTargetVersion(opts.to);
      if (to === undefined) throw new AppError('USAGE', `--to: unsupported spec version '${opts.to}' (use 3.0.0 to 3.6.0)`);
      let fsMap: Record<string, string> | undefined;
      if (opts.fsmap !== undefined) {
        if (opts.fsmap === '-') throw new AppError('USAGE', '--fsmap needs a file, not standard input');
        fsMap = parseFsMap(await readInput(opts.fsmap, process.stdin), opts.fsmap);
      }
      const text = await readInput(file, process.stdin);
      const result = translateConfigText(text, to, fsMap === undefined ? {} : { fsMap });
      if (!result.report.isEmpty) writeIssues(ctx, result.report);
      if (result.config === undefined || result.report.isFatal()) {
        ctx.exitCode = 1;
        return;
      }
      ctx.stdout.write(marshalConfig(findSpecVersion(to)!.schema, result.config, { pretty: opts.pretty === true }));
      ctx.exitCode = 0;
    });
  return ignition;
}

/** Issues on stderr: ignition-validate's lines, or the JSON report with -o json. */
function writeIssues(ctx: CliContext, report: Report): void {
  if (ctx.output === 'json') {
    ctx.stderr.write(renderJson(report));
    return;
  }
  const view = ignitionValidateView(report);
  ctx.stderr.write(renderIgnitionValidate(view.report));
  if (view.parseError !== undefined) ctx.stderr.write(`${view.parseError}\n`);
}

/**
 * ign-converter's -fsmap file: one `name path` per line, separated by one
 * space (a final newline and a CR before it are allowed). A malformed line
 * is a USAGE error naming file:line. A name given twice: the last wins.
 */
export function parseFsMap(text: string, file: string): Record<string, string> {
  const map = Object.create(null) as Record<string, string>;
  if (text === '') return map;
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const parts = line.split(' ');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      throw new AppError('USAGE', `${file}:${i + 1}: malformed fsmap line ${JSON.stringify(line)}: needs 'name path' separated by one space`);
    }
    map[parts[0]!] = parts[1]!;
  });
  return map;
}
