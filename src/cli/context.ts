export type OutputFormat = 'text' | 'json';

export interface Writer {
  write(text: string): void;
}

/** Everything a command may touch of its process, passed in so tests can run commands in process. */
export interface CliContext {
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly cwd: string;
  /** Set by the root program's -o/--output before any action runs. */
  output: OutputFormat;
  /** The exit code the process ends with (commands set it; errors map to it). */
  exitCode: number;
  /**
   * Long-running commands (serve, provision --image) register here what
   * SIGTERM/SIGINT must do; the process then exits with the number the
   * handler returns, or else with the exit code set so far.
   */
  onSignal(handler: (signal: 'SIGTERM' | 'SIGINT') => Promise<number | void>): void;
}

export function processContext(): CliContext {
  // `hull … | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    output: 'text',
    exitCode: 0,
    onSignal(handler) {
      let handling = false;
      const on = (signal: 'SIGTERM' | 'SIGINT') => {
        // A repeated signal (npm forwarding the one the group already got,
        // a second Ctrl-C) must not kill a shutdown that is under way.
        if (handling) return;
        handling = true;
        const deadline = setTimeout(() => {
          process.stderr.write('hull: shutdown took longer than 10 s; exiting\n');
          process.exit(3);
        }, 10_000);
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
