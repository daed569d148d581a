import { Command, CommanderError, Option, type OutputConfiguration } from 'commander';
import { AppError, ExitCode, toAppError } from '../core/index.js';
import { processContext, type CliContext, type OutputFormat } from './context.js';
import { renderAppError } from './render-error.js';
import { CGPT_EQUIVALENTS } from './hints.js';
import { GLOBAL_WITH_VALUE, invokedCommandName } from './invoked-command.js';
import { COMMANDS, findCommand } from './registry.js';

export { invokedCommandName };

/** Subcommands with their own -o/--output (drop-in replacements): the global one must stand before them. */
const OWN_OUTPUT_FLAG = new Set(['butane']);
/** Subcommands with an option --version of their own (a package's version): the root's -V/--version stands before them. */
const OWN_VERSION_FLAG = new Set(['update', 'payload']);

/**
 * `hull payload build … -o FILE`: there `-o` names the payload file unless
 * its value is an output format (`text`, `json`), which stays the global
 * option; the file becomes the command's `--out FILE` (docs/payload.md).
 */
export function payloadBuildOutput(argv: readonly string[]): readonly string[] {
  const at = argv.indexOf('build');
  if (invokedCommandName(argv) !== 'payload' || at < 0 || argv[at - 1] !== 'payload') return argv;
  const out = [...argv];
  for (let i = at + 1; i < out.length; i++) {
    const a = out[i]!;
    if (a === '--') break;
    if ((a === '-o' || a === '--output') && i + 1 < out.length && !['text', 'json'].includes(out[i + 1]!))
      out[i] = '--out';
    else if (a.startsWith('--output=') && !['text', 'json'].includes(a.slice(9))) out[i] = `--out=${a.slice(9)}`;
    else if (/^-o[^-]/.test(a) && !['text', 'json'].includes(a.slice(2))) out[i] = `--out=${a.slice(2)}`;
  }
  return out;
}

/** Builds the root program: the invoked subcommand in full, every other one as a one-line stub. */
export async function buildProgram(ctx: CliContext, argv: readonly string[]): Promise<Command> {
  const output = outputConfiguration(ctx);
  const program = new Command('hull')
    .description('Hull: the open management plane for Container Linux fleets')
    .addOption(
      new Option('-o, --output <format>', 'output format: text, or json (one {ok, result, issues, error} envelope)')
        .choices(['text', 'json'])
        .default('text'),
    )
    // cgpt show has its own -q (quick): there only --quiet is global.
    .option(invokedCommandName(argv) === 'cgpt' ? '--quiet' : '-q, --quiet', 'no progress line on the terminal')
    .showSuggestionAfterError(true)
    .configureOutput(output)
    .exitOverride()
    .hook('preAction', (root, actionCommand) => {
      ctx.output = (root.opts() as { output: OutputFormat }).output;
      ctx.quiet = (root.opts() as { quiet?: boolean }).quiet === true;
      usageState.command = commandPath(actionCommand);
    });
  // Handled by main before parsing (the version lives in the version command's module). Not for
  // commands with an own --version (hull update packages upload --version V), which the root would take.
  if (!OWN_VERSION_FLAG.has(invokedCommandName(argv) ?? ''))
    program.option('-V, --version', 'print the version of Hull');
  program.addHelpText('after', '\nExit codes: 0 ok, 1 input has errors, 2 usage, 3 environment failure.\n');

  const invoked = findCommand(invokedCommandName(argv) ?? '');
  // Drop-in commands whose own -o means something else (butane: -o FILE) see
  // the global -o/--output only before their name (hull -o json butane …).
  if (invoked !== undefined && OWN_OUTPUT_FLAG.has(invoked.name)) program.enablePositionalOptions();
  for (const entry of COMMANDS) {
    if (entry === invoked) {
      const cmd = (await entry.load()).command(ctx);
      program.addCommand(cmd);
      // Nested subcommands (`hull ignition validate`) too: commander's own
      // exit would skip Hull's exit codes and error format.
      // Each remembers its path, so that a usage error points at its own help.
      forEachCommand(cmd, (c) => {
        c.exitOverride((err) => {
          usageState.command = commandPath(c);
          throw err;
        });
        c.configureOutput(output).showSuggestionAfterError(true);
        addJsonHelp(c);
      });
    } else {
      program.command(entry.name).description(entry.summary);
    }
  }
  return program;
}

/**
 * Where commander writes (the context's writers; errors are rendered by run() in the selected output format)
 * and what it asks of the terminal. Its own answers read process.stdout and process.stderr, whose getters load
 * net and tty (D55): here they are asked only where the context says a terminal is there or colour is forced.
 */
function outputConfiguration(ctx: CliContext): OutputConfiguration {
  const commanders = new Command().configureOutput();
  const forced = () => ctx.env.FORCE_COLOR !== undefined || ctx.env.CLICOLOR_FORCE !== undefined;
  return {
    writeOut: (s) => ctx.stdout.write(s),
    writeErr: (s) => ctx.stderr.write(s),
    outputError: () => {},
    getOutHelpWidth: () => (ctx.stdoutIsTTY ? ctx.stdoutColumns : undefined) ?? 80,
    getErrHelpWidth: () => (ctx.stderrIsTTY ? ctx.stderrColumns : undefined) ?? 80,
    getOutHasColors: () => (ctx.stdoutIsTTY || forced()) && commanders.getOutHasColors!(),
    getErrHasColors: () => (ctx.stderrIsTTY || forced()) && commanders.getErrHasColors!(),
  };
}

/** The subcommand a usage error belongs to (`disk create`), set while parsing; '' for the root. */
const usageState: { command: string } = { command: '' };

/** `disk create` for the create command under disk; '' for the root program. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Every subcommand documents the global -o json in its own --help. */
function addJsonHelp(cmd: Command): void {
  const top = commandPath(cmd).split(' ')[0]!;
  // butane's -o is its output file, ct's flags are its own: the global option stands before their name.
  const text =
    OWN_OUTPUT_FLAG.has(top) || findCommand(top)?.raw === true
      ? `\nGlobal option: -o, --output text|json, before the name (hull -o json ${top} …); json: one {ok, result, issues, error} envelope on stdout; see docs/cli.md.\n`
      : `\nGlobal option: -o, --output text|json (json: one {ok, result, issues, error} envelope on stdout; see docs/cli.md).\n`;
  cmd.addHelpText('after', text);
}

function forEachCommand(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) forEachCommand(sub, fn);
}

function commanderToAppError(err: CommanderError, command: string): AppError {
  const message = err.message.replace(/^error: /, '').replace(/\n\(Did you mean/, ' (did you mean');
  const code = err.code === 'commander.unknownCommand' ? 'UNKNOWN_COMMAND' : 'USAGE';
  // cgpt's subcommands that Hull does the Hull way: `hull cgpt repair` → `hull disk verify --repair`.
  const word = /unknown command '([^']*)'/.exec(message)?.[1];
  const equivalent =
    command === 'cgpt' && word !== undefined && Object.hasOwn(CGPT_EQUIVALENTS, word)
      ? CGPT_EQUIVALENTS[word]
      : undefined;
  return new AppError(
    code,
    message.trim(),
    equivalent === undefined ? {} : { hint: `Hull does cgpt ${word} as: ${equivalent}` },
  );
}

/**
 * A `raw` registry entry (ct) gets every argument after its name unparsed;
 * only global options before the name are read (`hull -o json ct -pretty`).
 */
async function runRawCommand(argv: readonly string[], ctx: CliContext): Promise<number | undefined> {
  const name = invokedCommandName(argv);
  const entry = findCommand(name ?? '');
  if (entry?.raw !== true || argv[0] === 'help') return undefined;
  const at = argv.indexOf(entry.name);
  const before = argv.slice(0, at);
  if (
    before.some(
      (a) => a.startsWith('-') && !GLOBAL_WITH_VALUE.has(a) && !a.startsWith('--output=') && !a.startsWith('-o'),
    )
  )
    return undefined;
  const mod = await entry.load();
  usageState.command = entry.name;
  return mod.runRaw === undefined ? undefined : mod.runRaw(argv.slice(at + 1), ctx);
}

/**
 * Where `-V`/`--version` stands as a root option (before any subcommand):
 * `hull -V`, `hull -o json --version`; -1 when it does not.
 */
export function versionFlagAt(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-V' || arg === '--version') return i;
    if (GLOBAL_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('--output=') || arg.startsWith('-o')) continue;
    return -1;
  }
  return -1;
}

/** Runs the CLI with `argv` (without node and script). Returns the exit code. */
export async function main(given: readonly string[], ctx: CliContext): Promise<number> {
  const argv = payloadBuildOutput(given);
  // `-o json` given before a failure in parsing still chooses the error format.
  const name = invokedCommandName(argv);
  const globalArgs = name !== undefined && OWN_OUTPUT_FLAG.has(name) ? argv.slice(0, argv.indexOf(name)) : argv;
  const o = globalArgs.findIndex((a) => a === '-o' || a === '--output');
  if (o >= 0 && globalArgs[o + 1] === 'json') ctx.output = 'json';
  if (globalArgs.some((a) => a === '--output=json' || a === '-ojson')) ctx.output = 'json';
  try {
    if (argv.length === 0) {
      const program = await buildProgram(ctx, argv);
      ctx.stderr.write(program.helpInformation());
      return ExitCode.USAGE;
    }
    usageState.command = '';
    const versionAt = versionFlagAt(argv);
    if (versionAt >= 0) return await main([...argv.slice(0, versionAt), 'version'], ctx);
    const raw = await runRawCommand(argv, ctx);
    if (raw !== undefined) return raw;
    const program = await buildProgram(ctx, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') {
        return ExitCode.OK;
      }
      const appErr = commanderToAppError(err, usageState.command);
      ctx.stderr.write(renderAppError(appErr, ctx.output, ctx.env, { command: usageState.command }));
      return appErr.exitCode;
    }
    const appErr = toAppError(err);
    ctx.stderr.write(renderAppError(appErr, ctx.output, ctx.env, { command: usageState.command }));
    return appErr.exitCode;
  }
}

/** The process entry point used by bin/hull.cjs. */
export async function run(argv: readonly string[]): Promise<void> {
  const ctx = processContext();
  process.exitCode = await main(argv, ctx);
}
