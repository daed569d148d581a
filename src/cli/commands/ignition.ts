import { Command } from 'commander';
import { readInputBytes, readJsonInput, tooLargeText } from '../../adapters/node/index.js';
import { AppError, Report } from '../../core/index.js';
import {
  ALL_SPEC_VERSIONS,
  findSpecVersion,
  ignitionValidateView,
  marshalConverterOutput,
  parseFsMap,
  parseTargetVersion,
  translateConfigText,
  validateConfigText,
  type TranslationRules,
} from '../../ignition/index.js';
import { DEFAULT_MAX_BYTES, renderIgnitionValidate, toJsonIssues } from '../../source/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope, type EnvelopeError } from '../envelope.js';
import { acceptV2Hint, notIgnitionHint } from '../hints.js';
import { dialectOption, filesDirOption, readConfigInput } from '../config-input.js';
import type { AnyConfigResult } from '../../transpile/index.js';
import { parseRules, rulesOption } from '../rules-option.js';

export function command(ctx: CliContext): Command {
  const ignition = new Command('ignition').description('work with Ignition configs (spec 1, 2.0 to 3.6)');
  ignition
    .command('validate')
    .description('validate an Ignition config, printing problems as ignition-validate does')
    .option(
      '--accept-v2',
      'also accept spec 1 and 2.0.0 to 2.4.0 configs (Container Linux), each with its own rules; ignition-validate refuses them',
    )
    .addOption(rulesOption(false))
    .addOption(dialectOption())
    .addOption(filesDirOption())
    .argument(
      '[file]',
      "the config file (Ignition, Butane or a Container Linux Config); '-' or none reads standard input",
    )
    .action(
      async (
        file: string | undefined,
        opts: { acceptV2?: boolean; rules?: string; dialect?: string; filesDir?: string },
      ) => {
        const rules = parseRules(opts.rules);
        if (rules !== undefined && opts.acceptV2 !== true)
          throw new AppError('USAGE', '--rules is for spec 2.x configs: give --accept-v2 too');
        const config = await readConfigInput(ctx, file, opts);
        if (config.dialect !== 'ignition') {
          validateTranspiled(ctx, config);
          return;
        }
        const text = config.ignition!;
        let { report } = validateConfigText(text, opts.acceptV2 ? { versions: ALL_SPEC_VERSIONS } : {});
        // With --rules: a valid 2.x config is also translated as that translator would at boot (to 3.1.0), and its refusals reported.
        if (rules !== undefined && !report.isFatal()) report = report.merge(v2Refusals(text, rules));
        const hint = wrongTurn(report, text, file, opts.acceptV2 === true);
        if (ctx.output === 'json') {
          writeEnvelope(ctx, { ok: !report.isFatal(), issues: toJsonIssues(report), error: hintError(report, hint) });
        } else {
          const view = ignitionValidateView(report);
          ctx.stdout.write(renderIgnitionValidate(view.report));
          if (view.parseError !== undefined) ctx.stderr.write(`${view.parseError}\n`);
          // Beyond ignition-validate (whose output is otherwise kept byte for byte): the wrong turn named.
          if (hint !== undefined) ctx.stderr.write(`hull: hint: ${hint}\n`);
        }
        ctx.exitCode = report.isFatal() ? 1 : 0;
      },
    );
  ignition
    .command('translate')
    .description('translate an Ignition config (spec 1, 2.0 to 3.6) to spec 3.0 to 3.6, printing it as JSON')
    .requiredOption('--to <version>', 'the spec version to write: 3.0.0 to 3.6.0 (or 3.0 to 3.6)')
    .option(
      '--fsmap <file>',
      "for 2.x configs: filesystem names to mount paths, lines 'name path' (ign-converter's -fsmap)",
    )
    .option('--pretty', 'indent the JSON by two spaces')
    .addOption(rulesOption())
    .argument('[file]', "the config file; '-' or none reads standard input")
    .action(async (file: string | undefined, opts: { to: string; fsmap?: string; pretty?: boolean; rules: string }) => {
      const rules = parseRules(opts.rules)!;
      const to = parseTargetVersion(opts.to);
      if (to === undefined)
        throw new AppError('USAGE', `--to: unsupported spec version '${opts.to}' (use 3.0.0 to 3.6.0)`);
      let fsMap: Record<string, string> | undefined;
      if (opts.fsmap !== undefined) {
        if (opts.fsmap === '-') throw new AppError('USAGE', '--fsmap needs a file, not standard input');
        const bytes = await readInputBytes(opts.fsmap, ctx.stdin);
        if (bytes.length > DEFAULT_MAX_BYTES)
          throw new AppError('USAGE', `--fsmap ${opts.fsmap}: the file is ${tooLargeText()}`);
        fsMap = fsMapFrom(new TextDecoder().decode(bytes), opts.fsmap);
      }
      const text = await readJsonInput(file, ctx.stdin);
      const result = translateConfigText(text, to, { ...(fsMap === undefined ? {} : { fsMap }), rules });
      const failed = result.config === undefined || result.report.isFatal();
      const hint = failed ? wrongTurn(result.report, text, file, true) : undefined;
      // As ign-converter's CLI prints it (empty structs left out, one final newline): docs/ignition.md.
      const out = failed
        ? undefined
        : marshalConverterOutput(findSpecVersion(to)!.schema, result.config!, { pretty: opts.pretty === true });
      if (ctx.output === 'json') {
        writeEnvelope(ctx, {
          ok: !failed,
          result: out === undefined ? null : JSON.parse(out),
          issues: toJsonIssues(result.report),
          error: hintError(result.report, hint),
        });
      } else {
        if (!result.report.isEmpty) writeIssues(ctx, result.report);
        if (hint !== undefined) ctx.stderr.write(`hull: hint: ${hint}\n`);
        if (out !== undefined) ctx.stdout.write(out);
      }
      ctx.exitCode = failed ? 1 : 0;
    });
  return ignition;
}

/** The refusals (errors only) of translating a valid 2.x config to 3.1.0 with a rule set; nothing for other versions. */
function v2Refusals(text: string, rules: TranslationRules): Report {
  const r = translateConfigText(text, '3.1.0', { rules });
  if (r.version === undefined || !(r.version === '1' || r.version.startsWith('2.'))) return new Report([]); // spec 1 and 2.x only
  return new Report(r.report.issues.filter((i) => i.severity === 'error'));
}

/** The common wrong turn behind a fatal report: Butane or a CLC given as Ignition, a 2.x config without --accept-v2. */
function wrongTurn(report: Report, text: string, file: string | undefined, acceptV2: boolean): string | undefined {
  if (!report.isFatal()) return undefined;
  if (report.issues.some((i) => i.code === 'SRC_JSON_SYNTAX')) return notIgnitionHint(text, file);
  if (!acceptV2 && report.issues.some((i) => i.code === 'IGN_VERSION_UNSUPPORTED' || i.code === 'IGN_VERSION_INVALID'))
    return acceptV2Hint(text);
  return undefined;
}

/** With -o json, a hinted failure is also the envelope's error (the issues stay in `issues`). */
function hintError(report: Report, hint: string | undefined): EnvelopeError | null {
  if (hint === undefined) return null;
  const first = report.issues.find((i) => i.severity === 'error');
  return { code: 'INPUT_INVALID', message: first?.message ?? 'the config is invalid', hint };
}

/** Issues on stderr as ignition-validate prints them. */
function writeIssues(ctx: CliContext, report: Report): void {
  const view = ignitionValidateView(report);
  ctx.stderr.write(renderIgnitionValidate(view.report));
  if (view.parseError !== undefined) ctx.stderr.write(`${view.parseError}\n`);
}

/** The --fsmap file through the library's parser; a malformed line is USAGE naming FILE:LINE. */
function fsMapFrom(text: string, file: string): Record<string, string> {
  const r = parseFsMap(text);
  if (r.map === undefined)
    throw new AppError(
      'USAGE',
      (r.problems ?? []).map((p) => (p.line === undefined ? p.reason : `${file}:${p.line}: ${p.reason}`)).join('; '),
    );
  return r.map;
}

/**
 * A Butane config or CLC: the transpiler's issues (Ignition's rules on its
 * output included) and then the translated config's own validation (its spec,
 * 2.3.0 for a CLC), all at the YAML's line:col, as ignition-validate prints them.
 */
function validateTranspiled(ctx: CliContext, config: AnyConfigResult): void {
  let report = config.report;
  if (config.ignition !== undefined)
    report = report.merge(config.mapBack(validateConfigText(config.ignition, { versions: ALL_SPEC_VERSIONS }).report));
  if (ctx.output === 'json') writeEnvelope(ctx, { ok: !report.isFatal(), issues: toJsonIssues(report), error: null });
  else ctx.stdout.write(renderIgnitionValidate(report));
  ctx.exitCode = report.isFatal() ? 1 : 0;
}
