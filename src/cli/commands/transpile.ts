/**
 * `hull transpile`: any config (Butane, a Container Linux Config, Ignition)
 * to Ignition JSON, the dialect told from the content as `hull provision`
 * tells it — the same first step, without applying anything.
 */
import { Command } from 'commander';
import { ALL_SPEC_VERSIONS, findSpecVersion, marshalConfig, validateConfigText } from '../../ignition/index.js';
import { renderIgnitionValidate, toJsonIssues } from '../../source/index.js';
import type { CliContext } from '../context.js';
import { dialectOption, filesDirOption, readConfigInput } from '../config-input.js';
import { writeEnvelope } from '../envelope.js';

export function command(ctx: CliContext): Command {
  return new Command('transpile')
    .description(
      'translate a Butane config or Container Linux Config (or check an Ignition one) to Ignition JSON, the dialect told from the content',
    )
    .argument('[file]', "the config file; '-' or none reads standard input")
    .addOption(dialectOption())
    .addOption(filesDirOption())
    .option('--pretty', 'indent the JSON')
    .action(async (file: string | undefined, opts: { dialect?: string; filesDir?: string; pretty?: boolean }) => {
      const config = await readConfigInput(ctx, file, opts, opts.pretty === true);
      let report = config.report;
      let out = config.ignition;
      if (config.dialect === 'ignition' && out !== undefined) {
        // Ignition as it is: validated with its own version's rules, written back as that version.
        const v = validateConfigText(out, { versions: ALL_SPEC_VERSIONS });
        report = v.report;
        const spec = v.version === undefined ? undefined : findSpecVersion(v.version, ALL_SPEC_VERSIONS);
        out =
          v.config === undefined || spec === undefined || report.isFatal()
            ? undefined
            : marshalConfig(spec.schema, v.config, { pretty: opts.pretty === true });
      }
      if (ctx.output === 'json') {
        const first = report.issues.find((i) => i.severity === 'error');
        writeEnvelope(ctx, {
          ok: out !== undefined,
          result: out === undefined ? null : { dialect: config.dialect, config: JSON.parse(out) },
          issues: toJsonIssues(report),
          error:
            out === undefined ? { code: 'INPUT_INVALID', message: first?.message ?? 'the config is invalid' } : null,
        });
      } else {
        ctx.stderr.write(renderIgnitionValidate(report));
        if (out !== undefined) ctx.stdout.write(`${out}\n`);
      }
      ctx.exitCode = out === undefined ? 1 : 0;
    });
}
