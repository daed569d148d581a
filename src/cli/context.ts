import { fdWriter, mayBeTerminal } from '../adapters/process/index.js';
import { AppError, ExitCode } from '../core/index.js';
import { renderAppError } from './render-error.js';

export type OutputFormat = 'text' | 'json';

export interface Writer {
  write(text: string): void;
}

/** Everything a command may touch of its process, passed in so tests can run commands in process. */
export interface CliContext {
  /** Standard input (process.stdin; a test's bytes): read only through the size-capped readers of src/adapters/node/read-input.ts. */
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** The terminal's width when stderr is one (for the progress line). */
  readonly stderrColumns?: number;
  /** The terminal's width when stdout is one (hull update's tables). */
  readonly stdoutColumns?: number;
  readonly cwd: string;
  /** Set by the root program's -o/--output before any action runs. */
  output: OutputFormat;
  /** Set by the root program's -q/--quiet: no progress line. */
  quiet?: boolean;
  /** The exit code the process ends with (commands set it; errors map to it). */
  exitCode: number;
  /**
   * Long-running commands (serve, provision --image) register here what
   * SIGTERM/SIGINT must do; the process then exits with the number the
   * handler returns, or else with the exit code set so far. Past `timeoutMs`
   * (default 10 s) the process exits 3 regardless.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing (exit 0) or an exit code
  onSignal(handler: (signal: 'SIGTERM' | 'SIGINT') => Promise<number | void>, opts?: { timeoutMs?: number }): void;
}

/**
 * What a failed write to stdout or stderr does. A closed pipe (`hull … | head`)
 * is the reader's choice, not a failure: the process ends quietly with the
 * exit code it has so far. Any other failure (a full disk: `> /dev/full`,
 * EIO) is IO_FAILED, exit 3, reported on stderr when stdout failed; never a
 * stack trace.
 */
export function onOutputError(
  stream: 'stdout' | 'stderr',
  ctx: Pick<CliContext, 'output' | 'env' | 'exitCode'>,
  exit: (code: number) => never,
  writeErr: (text: string) => void,
): (err: NodeJS.ErrnoException) => void {
  return (err) => {
    if (err.code === 'EPIPE') exit(ctx.exitCode);
    if (stream === 'stdout') {
      try {
        writeErr(
          renderAppError(new AppError('IO_FAILED', `writing standard output: ${err.message}`), ctx.output, ctx.env),
        );
      } catch {
        // stderr fails too: the exit code is all that is left
      }
    }
    exit(ExitCode.ENVIRONMENT);
  };
}

export function processContext(): CliContext {
  let ctx: CliContext | undefined;
  const exit = (code: number): never => process.exit(code);
  const onStdoutError = (err: NodeJS.ErrnoException) =>
    onOutputError('stdout', ctx!, exit, (t) => stderr.write(t))(err);
  const onStderrError = (err: NodeJS.ErrnoException) => onOutputError('stderr', ctx!, exit, () => {})(err);
  // process.stdout and process.stderr only when something needs a stream (a descriptor left non-blocking) or a
  // terminal's size: their getters load net, tty and the stream modules, a cost every command would pay at
  // start-up (D55). Printing goes through writeSync.
  const stdout = fdWriter(1, () => process.stdout.on('error', onStdoutError), onStdoutError);
  const stderr = fdWriter(2, () => process.stderr.on('error', onStderrError), onStderrError);
  ctx = makeProcessContext(stdout, stderr);
  return ctx;
}

function makeProcessContext(stdout: Writer, stderr: Writer): CliContext {
  return {
    // process.stdin only when read: its getter loads net, tty and the stream
    // modules, a cost every command would pay at start-up (D55).
    stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
    stdout,
    stderr,
    env: process.env,
    get stdoutIsTTY() {
      return mayBeTerminal(1) && Boolean(process.stdout.isTTY);
    },
    get stderrIsTTY() {
      return mayBeTerminal(2) && Boolean(process.stderr.isTTY);
    },
    get stderrColumns() {
      return this.stderrIsTTY ? process.stderr.columns : undefined;
    },
    get stdoutColumns() {
      return this.stdoutIsTTY ? process.stdout.columns : undefined;
    },
    cwd: process.cwd(),
    output: 'text',
    exitCode: 0,
    onSignal(handler, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? 10_000;
      let handling = false;
      const on = (signal: 'SIGTERM' | 'SIGINT') => {
        // A repeated signal (npm forwarding the one the group already got,
        // a second Ctrl-C) must not kill a shutdown that is under way.
        if (handling) return;
        handling = true;
        const deadline = setTimeout(() => {
          process.stderr.write(`hull: shutdown took longer than ${timeoutMs / 1000} s; exiting\n`);
          process.exit(3);
        }, timeoutMs);
        deadline.unref();
        handler(signal).then(
          (code) => process.exit(typeof code === 'number' ? code : (process.exitCode ?? 0)),
          (err: unknown) => {
            process.stderr.write(`hull: error during shutdown: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(3);
          },
        );
      };
      process.on('SIGTERM', on);
      process.on('SIGINT', on);
    },
  };
}
