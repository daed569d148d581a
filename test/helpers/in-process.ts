import { main } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';

/** Runs `hull ARGS` in this process (the same CLI code as bin/hull.cjs, without a process start), in `cwd`, with `input` as its standard input (default: none). */
export async function hullInProcess(args: readonly string[], cwd: string = process.cwd(), input: string | Uint8Array = ''): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    stdin: (async function* () {
      if (input.length > 0) yield input;
    })(),
    stdout: { write: (t: string) => void (stdout += t) },
    stderr: { write: (t: string) => void (stderr += t) },
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd,
    output: 'text',
    exitCode: 0,
    onSignal: () => {},
  };
  const status = await main(args, ctx);
  return { status, stdout, stderr };
}
