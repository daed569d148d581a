import { Command } from 'commander';
import { nodeFilesDir, readFileGo, writeFileGo, readInputBytes, tooLargeText } from '../../adapters/node/index.js';
import { AppError, Report, type Issue } from '../../core/index.js';
import { marshalConfig, parseFsMap, parseTargetVersion, v2_3, type TranslateVersion } from '../../ignition/index.js';
import { DEFAULT_MAX_BYTES, goSprintfNoArgs, renderCt, toJsonIssues } from '../../source/index.js';
import { ctLocalReader, ctTo3x, PLATFORMS_LIST, transpileCt } from '../../transpile/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope, type EnvelopeError } from '../envelope.js';

/** With -o json, what one input came to: gathered into the one envelope (docs/cli.md). */
interface JsonRun {
  input: string;
  output: string;
  report: Report;
  config?: string;
  error?: EnvelopeError;
}

/**
 * `hull ct`: ct 0.9.4's command line, parsed here as Go's flag package does
 * (`-flag`, `--flag`, `-flag value`, `-flag=value`; parsing stops at the
 * first argument that is not a flag), because commander would read
 * `-in-file` as short options. The registry marks this command `raw`.
 */
interface CtFlags {
  help: boolean;
  pretty: boolean;
  version: boolean;
  strict: boolean;
  inFile: string;
  outFile: string;
  platform: string;
  filesDir: string;
  ignition: string;
  outDir: string;
  fsmap: string;
  inputs: string[];
}

const BOOL = new Set(['help', 'h', 'pretty', 'version', 'strict']);
const STRING: Record<string, keyof CtFlags> = {
  'in-file': 'inFile',
  'out-file': 'outFile',
  platform: 'platform',
  'files-dir': 'filesDir',
  ignition: 'ignition',
  'out-dir': 'outDir',
  fsmap: 'fsmap',
};

export const USAGE = `Usage of ct:
  -files-dir string
    \tDirectory to read local files from.
  -help
    \tPrint help and exit.
  -in-file string
    \tPath to the container linux config. Standard input unless specified otherwise.
  -out-file string
    \tPath to the resulting Ignition config. Standard output unless specified otherwise.
  -platform string
    \tPlatform to target. Accepted values: [${PLATFORMS_LIST.join(' ')}].
  -pretty
    \tIndent the resulting Ignition config.
  -strict
    \tFail if any warnings are encountered.
  -version
    \tPrint the version and exit.
Hull additions:
  -ignition string
    \tWrite this Ignition spec version (3.0.0 to 3.6.0) through the 2.x to 3.x translation instead of 2.3.0.
  -fsmap string
    \tWith -ignition: a file of 'name path' lines giving the mount path of each named filesystem (ign-converter's -fsmap).
  -out-dir string
    \tWith several input files (given as arguments): write each result to DIR/<name>.ign.
`;

/** Go's flag.Parse over ct's flags (plus Hull's). Throws USAGE for an unknown or incomplete flag. */
export function parseCtFlags(argv: readonly string[]): CtFlags {
  const f: CtFlags = {
    help: false,
    pretty: false,
    version: false,
    strict: false,
    inFile: '',
    outFile: '',
    platform: '',
    filesDir: '',
    ignition: '',
    outDir: '',
    fsmap: '',
    inputs: [],
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const body = a.startsWith('--') ? a.slice(2) : a.slice(1);
    if (body === '' || body.startsWith('-') || body.startsWith('='))
      throw new AppError('USAGE', `bad flag syntax: ${a}`);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const inline = eq < 0 ? undefined : body.slice(eq + 1);
    if (BOOL.has(name)) {
      let v = true;
      if (inline !== undefined) {
        if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(inline)) v = true;
        else if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(inline)) v = false;
        else throw new AppError('USAGE', `invalid boolean value ${JSON.stringify(inline)} for -${name}: parse error`);
      }
      if (name === 'h') f.help = v;
      else (f as unknown as Record<string, boolean>)[name] = v;
      continue;
    }
    const key = STRING[name];
    if (key === undefined) throw new AppError('USAGE', `flag provided but not defined: -${name}`);
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new AppError('USAGE', `flag needs an argument: -${name}`);
      value = argv[++i]!;
    }
    (f as unknown as Record<string, string>)[key] = value;
  }
  f.inputs = argv.slice(i);
  return f;
}

export function command(ctx: CliContext): Command {
  // Only for `hull help ct` and the root help: the real parsing is runRaw.
  return new Command('ct')
    .description('Container Linux Config → Ignition, as ct 0.9.4 (single-dash Go flags; -help lists them)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => {
      ctx.exitCode = await runRaw(args, ctx);
    });
}

/** Runs ct with its raw arguments; returns the exit code. */
export async function runRaw(argv: readonly string[], ctx: CliContext): Promise<number> {
  let flags: CtFlags;
  try {
    flags = parseCtFlags(argv);
  } catch (err) {
    if (ctx.output === 'json') throw err;
    ctx.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    ctx.stderr.write(USAGE);
    return 0;
  }
  if (flags.version) {
    ctx.stdout.write('ct v0.9.4\n');
    return 0;
  }
  let target: string | undefined;
  if (flags.ignition !== '' && flags.ignition !== '2.3.0' && flags.ignition !== '2.3') {
    target = parseTargetVersion(flags.ignition);
    if (target === undefined)
      throw new AppError(
        'USAGE',
        `-ignition: unsupported spec version '${flags.ignition}' (use 2.3.0 or 3.0.0 to 3.6.0)`,
      );
  }
  let fsMap: Record<string, string> = {};
  if (flags.fsmap !== '') {
    const r = readFileGo(flags.fsmap, ctx.cwd);
    if (!r.ok) throw new AppError('USAGE', `-fsmap: ${r.error}`);
    if (r.data.length > DEFAULT_MAX_BYTES)
      throw new AppError('USAGE', `-fsmap ${flags.fsmap}: the file is ${tooLargeText()}`);
    const parsed = parseFsMap(Buffer.from(r.data).toString('utf8'));
    if (parsed.map === undefined)
      throw new AppError('USAGE', `-fsmap ${flags.fsmap}: ${parsed.report.issues.map((i) => i.message).join('; ')}`);
    fsMap = parsed.map;
  }
  if (flags.inputs.length > 0) {
    if (flags.outDir === '')
      throw new AppError('USAGE', 'input files as arguments need -out-dir DIR (or use -in-file)');
    if (flags.inFile !== '' || flags.outFile !== '')
      throw new AppError('USAGE', '-out-dir with arguments cannot be combined with -in-file or -out-file');
    let worst = 0;
    const runs: JsonRun[] = [];
    for (const input of flags.inputs) {
      const base = input.replace(/^.*\//, '').replace(/\.(ya?ml|clc)$/, '');
      const code = await runOne(
        ctx,
        flags,
        target,
        fsMap,
        input,
        `${flags.outDir.replace(/\/$/, '')}/${base}.ign`,
        `${input}: `,
        runs,
      );
      worst = Math.max(worst, code);
    }
    if (ctx.output === 'json') {
      writeEnvelope(ctx, {
        ok: worst === 0,
        result: { outputs: runs.map((r) => ({ input: r.input, output: r.config === undefined ? null : r.output })) },
        issues: runs.flatMap((r) => toJsonIssues(r.report).map((i) => ({ ...i, file: r.input }))),
        error: runs.find((r) => r.error !== undefined)?.error ?? null,
      });
    }
    return worst;
  }
  const runs: JsonRun[] = [];
  const code = await runOne(ctx, flags, target, fsMap, flags.inFile, flags.outFile, '', runs);
  if (ctx.output === 'json') {
    const r = runs[0]!;
    const toStdout = flags.outFile === '' || flags.outFile === '-';
    const result = r.config === undefined ? null : toStdout ? JSON.parse(r.config) : { output: r.output };
    writeEnvelope(ctx, { ok: code === 0, result, issues: toJsonIssues(r.report), error: r.error ?? null });
  }
  return code;
}

async function runOne(
  ctx: CliContext,
  flags: CtFlags,
  target: string | undefined,
  fsMap: Record<string, string>,
  inFile: string,
  outFile: string,
  label: string,
  runs: JsonRun[],
): Promise<number> {
  const run: JsonRun = {
    input: inFile === '' ? '-' : inFile,
    output: outFile === '' ? '-' : outFile,
    report: Report.empty,
  };
  runs.push(run);
  const err = (s: string): void =>
    ctx.stderr.write(
      `${s
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => label + l)
        .join('\n')}\n`,
    );
  // The bytes, at most the size limit + 1: transpileCt reports an oversized
  // input (SRC_INPUT_TOO_LARGE) and invalid UTF-8 as go-yaml does.
  let bytes: Uint8Array;
  if (inFile === '' || inFile === '-') {
    bytes = await readInputBytes(undefined, ctx.stdin);
  } else {
    const r = readFileGo(inFile, ctx.cwd);
    if (!r.ok) {
      if (ctx.output === 'json')
        run.error = {
          code: /no such file/.test(r.error) ? 'NOT_FOUND' : 'IO_FAILED',
          message: `cannot open ${inFile}: ${r.error}`,
        };
      else err(`Failed to open: ${r.error}`);
      return 1;
    }
    bytes = r.data;
  }
  const result = transpileCt(
    bytes,
    {
      platform: flags.platform,
      ...(flags.filesDir === '' ? {} : { readLocal: ctLocalReader(nodeFilesDir(flags.filesDir, ctx.cwd)) }),
    },
    flags.strict,
  );

  let out: string | undefined;
  let extra = Report.empty;
  if (result.config !== undefined) {
    if (target === undefined) out = marshalConfig(v2_3.schema, result.config, { pretty: flags.pretty });
    else {
      const t = ctTo3x(result, target as TranslateVersion, flags.pretty, fsMap);
      out = t.out;
      extra = t.report;
    }
  }
  if (ctx.output === 'json') {
    run.report = result.parseReport.merge(result.convertReport, extra);
  } else {
    // ct passes each report to fmt.Sprintf as the format: a % in a message is mangled there.
    if (!result.parseReport.isEmpty) err(goSprintfNoArgs(renderCt(result.parseReport.map(asCtPrints), { kindOf })));
    if (result.failed === 'parse') err('Failed to parse config');
    if (!result.convertReport.isEmpty) err(goSprintfNoArgs(renderCt(result.convertReport, { kindOf })));
    if (!extra.isEmpty) err(renderCt(extra, { kindOf }));
  }
  if (out === undefined) return 1;
  if (outFile === '' || outFile === '-') {
    // With -o json the config is the envelope's result.
    if (ctx.output === 'json') run.config = out;
    else ctx.stdout.write(out);
  } else {
    const e = writeFileGo(outFile, out, { cwd: ctx.cwd });
    if (e !== undefined) {
      if (ctx.output === 'json') run.error = { code: 'IO_FAILED', message: `cannot create ${outFile}: ${e}` };
      else err(`Failed to create: ${e}`);
      return 1;
    }
    run.config = out;
  }
  return 0;
}

/** ct prints a YAML error with the line in its message only ("error: yaml: line 3: …"); -o json keeps the range. */
const asCtPrints = (i: Issue): Issue =>
  i.code === 'CT_YAML_INVALID' && i.range !== undefined
    ? { code: i.code, severity: i.severity, path: i.path, message: i.message }
    : i;

const kindOf = (i: Issue): 'error' | 'warning' | 'info' | 'deprecated' =>
  i.code === 'IGN_PARTITION_SIZE_DEPRECATED' || i.code === 'IGN_PARTITION_START_DEPRECATED' ? 'deprecated' : i.severity;
