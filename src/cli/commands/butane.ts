/**
 * `hull butane`: a drop-in for butane 0.29 (fcos and flatcar variants), plus
 * several input files per run, --ignition-version and a JSON report.
 * Butane's own `-o/--output FILE` wins inside this command; the JSON report
 * is `hull -o json butane …` or `--report json` (docs/decisions.md).
 */
import { Command, Option } from 'commander';
import { nodeFilesDir, writeFileGo, readInputBytes } from '../../adapters/node/index.js';
import { AppError } from '../../core/index.js';
import { parseTargetVersion } from '../../ignition/index.js';
import { renderButanePretty, renderButaneRaw, toJsonIssues } from '../../source/index.js';
import { butane, goGzip } from '../../transpile/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';

interface Opts {
  pretty?: boolean;
  strict?: boolean;
  filesDir?: string;
  output?: string;
  check?: boolean;
  raw?: boolean;
  rawErrors?: boolean;
  color?: string;
  colour?: string;
  version?: boolean;
  input?: string;
  debug?: boolean;
  ignitionVersion?: string;
  report?: string;
}

export const BUTANE_VERSION_LINE = 'Butane v0.29.0';

export function command(ctx: CliContext): Command {
  const cmd = new Command('butane')
    .description('translate Butane configs (fcos 1.0-1.8-exp, flatcar 1.0-1.2-exp) to Ignition, as butane 0.29 does')
    .argument('[input-file...]', 'Butane configs; standard input when none (several: beyond butane)')
    .option('-p, --pretty', 'output formatted json')
    .option('-s, --strict', 'fail on any warning')
    .option('-d, --files-dir <dir>', 'allow embedding local files from this directory')
    .option('-o, --output <file>', 'write to output file instead of stdout')
    .option('-c, --check', 'check config without producing output')
    .option('-r, --raw', 'never wrap in a MachineConfig; force Ignition output (no effect for fcos/flatcar)')
    .option('--raw-errors', 'show raw errors, rather than pretty printing them')
    .addOption(new Option('--color [when]', 'control color output: "auto", "always", or "never"').preset('always'))
    .addOption(new Option('--colour [when]').preset('always').hideHelp())
    .option('-V, --version', 'print the version and exit')
    .addOption(new Option('--input <file>', 'deprecated: read from input file instead of stdin').hideHelp())
    .addOption(new Option('-D, --debug', 'log translations').hideHelp())
    .option(
      '--ignition-version <version>',
      'beyond butane: write this older Ignition 3.x spec (3.0 to 3.6) when nothing newer is used',
    )
    .option(
      '--report <format>',
      'beyond butane: "json" prints each input\'s report as a JSON line on stderr, the output staying where butane puts it (hull -o json butane: one envelope on stdout instead)',
    )
    .action(async (files: string[], opts: Opts) => {
      ctx.exitCode = await runButane(ctx, files, opts);
    });
  return cmd;
}

async function runButane(ctx: CliContext, files: string[], opts: Opts): Promise<number> {
  if (opts.version === true) {
    ctx.stdout.write(`${BUTANE_VERSION_LINE}\n`);
    return 0;
  }
  // -o json: one envelope on stdout (docs/cli.md); --report json: butane's output as it is, a JSON line per input on stderr.
  const envelope = ctx.output === 'json';
  const json = !envelope && opts.report === 'json';
  const runs: { file: string; report: ReturnType<typeof jsonReport>; config: unknown }[] = [];
  if (opts.report !== undefined && opts.report !== 'json' && opts.report !== 'text') {
    throw new AppError('USAGE', `--report: unknown format '${opts.report}' (use text or json)`);
  }
  let target: string | undefined;
  if (opts.ignitionVersion !== undefined) {
    target = parseTargetVersion(opts.ignitionVersion);
    if (target === undefined)
      throw new AppError('USAGE', `--ignition-version: unsupported '${opts.ignitionVersion}' (use 3.0.0 to 3.6.0)`);
  }
  const colorFlag = opts.colour ?? opts.color ?? 'auto';
  const colorMode = colorFlag === 'always' || colorFlag === 'yes' ? 'always' : colorFlag === 'auto' ? 'auto' : 'never';
  const inputs: (string | undefined)[] = files.length > 0 ? files : [opts.input];
  if (inputs.length > 1 && opts.output !== undefined) throw new AppError('USAGE', '-o/--output takes one input file');
  const ports: butane.ButanePorts = {
    gzip: goGzip,
    ...(opts.filesDir !== undefined && opts.filesDir !== '' ? { files: nodeFilesDir(opts.filesDir, ctx.cwd) } : {}),
  };

  let status = 0;
  for (const file of inputs) {
    const fileName = file === undefined || file === '-' ? '<stdin>' : file;
    let bytes: Uint8Array;
    try {
      bytes = await readInputBytes(file, ctx.stdin);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (envelope)
        runs.push({
          file: fileName,
          config: null,
          report: {
            file: fileName,
            ok: false,
            error: { code: err.code, message: `failed to open ${fileName}: ${err.message}`, line: null, column: null },
            issues: [],
          },
        });
      else ctx.stderr.write(`failed to open ${fileName}: ${err.message}\n`);
      status = 1;
      continue;
    }
    // The transpiler reads the bytes as go-yaml does (size limit, invalid UTF-8 is an error);
    // the pretty report shows lines of this text.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const r = butane.transpileButane(bytes, {
      pretty: opts.pretty === true,
      ports,
      ...(target === undefined ? {} : { ignitionVersion: target }),
    });
    if (opts.debug === true && r.translations !== undefined) ctx.stderr.write(`${r.translations.toString()}\n`);
    const strictFail = r.failure === undefined && opts.strict === true && !r.report.isEmpty;
    if (envelope) {
      runs.push({ file: fileName, report: jsonReport(fileName, r, strictFail), config: null });
    } else if (json) {
      ctx.stderr.write(`${JSON.stringify(jsonReport(fileName, r, strictFail))}\n`);
    } else {
      ctx.stderr.write(
        opts.rawErrors === true
          ? renderButaneRaw(r.report)
          : renderButanePretty(r.report, { text, fileName, colorMode, isTTY: ctx.stderrIsTTY, env: ctx.env }),
      );
      if (r.failure !== undefined) ctx.stderr.write(`Error translating config: ${r.failure.reason}\n`);
      else if (strictFail) ctx.stderr.write(`${butane.butaneMessage('BUTANE_STRICT')}\n`);
    }
    if (r.failure !== undefined || strictFail || r.output === undefined) {
      status = 1;
      continue;
    }
    if (opts.check === true) continue;
    if (opts.output !== undefined) {
      const failed = writeFileGo(opts.output, `${r.output}\n`, { mode: 0o644 });
      if (failed !== undefined) {
        if (envelope)
          runs.at(-1)!.report = {
            ...runs.at(-1)!.report,
            ok: false,
            error: { code: 'IO_FAILED', message: `failed to open ${opts.output}: ${failed}`, line: null, column: null },
          };
        else ctx.stderr.write(`failed to open ${opts.output}: ${failed}\n`);
        status = 1;
      } else if (envelope) runs.at(-1)!.config = { output: opts.output };
    } else if (envelope) runs.at(-1)!.config = JSON.parse(r.output);
    else ctx.stdout.write(`${r.output}\n`);
  }
  if (envelope) writeButaneEnvelope(ctx, runs, status);
  return status;
}

/**
 * The envelope of `hull -o json butane`: one input's config (or `{output: FILE}`
 * with -o FILE) is the result, its failure the error; several inputs give
 * `{outputs: [{input, config}]}`, issues tagged with their `file`, the first failure.
 */
function writeButaneEnvelope(
  ctx: CliContext,
  runs: { file: string; report: ReturnType<typeof jsonReport>; config: unknown }[],
  status: number,
): void {
  const error = runs.find((r) => r.report.error !== null)?.report.error ?? null;
  if (runs.length === 1) {
    writeEnvelope(ctx, { ok: status === 0, result: runs[0]!.config, issues: runs[0]!.report.issues, error });
    return;
  }
  writeEnvelope(ctx, {
    ok: status === 0,
    result: { outputs: runs.map((r) => ({ input: r.file, config: r.config })) },
    issues: runs.flatMap((r) => r.report.issues.map((i) => ({ ...i, file: r.file }))),
    error,
  });
}

interface ButaneJsonReport {
  file: string;
  ok: boolean;
  error: { code: string; message: string; line: number | null; column: number | null } | null;
  issues: ReturnType<typeof toJsonIssues>;
}

function jsonReport(file: string, r: butane.ButaneResult, strictFail: boolean): ButaneJsonReport {
  const failure =
    r.failure ?? (strictFail ? { code: 'BUTANE_STRICT', reason: butane.butaneMessage('BUTANE_STRICT') } : undefined);
  return {
    file,
    ok: failure === undefined,
    // line/column (1-based) where the failure has a place (a YAML syntax error), else null.
    error:
      failure === undefined
        ? null
        : {
            code: failure.code,
            message: failure.reason,
            line: 'range' in failure && failure.range !== undefined ? failure.range.start.line : null,
            column: 'range' in failure && failure.range !== undefined ? failure.range.start.column : null,
          },
    issues: toJsonIssues(r.report),
  };
}
