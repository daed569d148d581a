import { main } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';

/** A CliContext for running commands in this process: no terminal, no input, text output; `over` replaces any part. */
export function testContext(over: Partial<CliContext> = {}): CliContext {
  return {
    stdin: (async function* () {})(),
    stdout: { write: () => {} },
    stderr: { write: () => {} },
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: process.cwd(),
    output: 'text',
    exitCode: 0,
    onSignal: () => {},
    ...over,
  };
}

/** Runs `hull ARGS` in this process (the same CLI code as bin/hull.cjs, without a process start), in `cwd`, with `input` as its standard input (default: none). */
export async function hullInProcess(
  args: readonly string[],
  cwd: string = process.cwd(),
  input: string | Uint8Array = '',
): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx = testContext({
    stdin: (async function* () {
      if (input.length > 0) yield input;
    })(),
    stdout: { write: (t: string) => void (stdout += t) },
    stderr: { write: (t: string) => void (stderr += t) },
    cwd,
  });
  const status = await main(args, ctx);
  return { status, stdout, stderr };
}
