import { spawnSync } from 'node:child_process';

/** Runs a system tool; a missing tool fails the test with the install command (never a skip). */
export function tool(
  name: 'sgdisk' | 'cgpt' | 'strace',
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv } = {},
): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(name, args, { encoding: 'utf8', ...(opts.env ? { env: opts.env } : {}) });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${name} is not installed: run scripts/setup-system (installs Debian's gdisk, cgpt and strace)`);
  }
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
