import { spawnSync } from 'node:child_process';

/** Runs a system tool; a missing tool fails the test with the install command (never a skip). */
export function tool(name: 'sgdisk' | 'cgpt', args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(name, args, { encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${name} is not installed: run scripts/setup-system (installs Debian's gdisk and cgpt)`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
