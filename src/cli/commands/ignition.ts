import { Command } from 'commander';
import { readInputBytes, readJsonInput, tooLargeText } from '../../adapters/node/read-input.js';
import { AppError, type Report } from '../../core/index.js';
import {
  ALL_SPEC_VERSIONS,
  findSpecVersion,
  ignitionValidateView,
  marshalConfig,
  parseFsMap,
  parseTargetVersion,
  translateConfigText,
  validateConfigText,
} from '../../ignition/index.js';
import { DEFAULT_MAX_BYTES, renderIgnitionValidate, renderJson } from '../../source/index.js';
import type { CliContext } from '../context.js';

export function command(ctx: CliContext): Command {
  const ignition = new Command('ignition').description('work with Ignition configs (spec 2.0 to 3.6)');
  ignition
    .command('validate')
    .description('validate an Ignition config, printing problems as ignition-validate does')
    .option('--accept-v2', 'also accept spec 2.0.0 to 2.3.0 configs (Container Linux), each with its own rules; ignition-validate refuses them')
    .argument('[file]', "the config file; '-' or none reads standard input")
    .action(async (file: string | undefined, opts: { acceptV2?: boolean }) => {
      const text = await readJsonInput(file, process.stdin);
      const { report } = validateConfigText(text, opts.acceptV2 ? { versions: ALL_SPEC_VERSIONS } : {});
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
        const bytes = await readInputBytes(opts.fsmap, process.stdin);
        if (bytes.length > DEFAULT_MAX_BYTES) throw new AppError('USAGE', `--fsmap ${opts.fsmap}: the file is ${tooLargeText()}`);
        fsMap = fsMapFrom(new TextDecoder().decode(bytes), opts.fsmap);
      }
      const text = await readJsonInput(file, process.stdin);
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

/** The --fsmap file through the library's parser; a malformed line is USAGE naming FILE:LINE. */
function fsMapFrom(text: string, file: string): Record<string, string> {
  const r = parseFsMap(text);
  if (r.map === undefined) throw new AppError('USAGE', r.report.issues.map((i) => i.message.replace(/^line (\d+): /, `${file}:$1: `)).join('; '));
  return r.map;
}
