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
   * Long-running commands (serve) register here what SIGTERM/SIGINT must do;
   * past `timeoutMs` (default 10 s) the process exits 3 regardless.
   */
  onSignal(handler: (signal: 'SIGTERM' | 'SIGINT') => Promise<void>, opts?: { timeoutMs?: number }): void;
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
          () => process.exit(process.exitCode ?? 0),
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
