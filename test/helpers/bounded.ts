/**
 * Runs the real `hull` binary under a memory cap and measures it.
 *
 * The cap: `prlimit --as=512MiB` (or `ulimit -v`) does not work for Node: V8
 * reserves large virtual ranges up front (its code range, the pointer-compression
 * cage), so node aborts at start ("Failed to reserve virtual memory for
 * CodeRange") under an address-space limit of 512 MiB, whatever the input;
 * only --jitless starts, and it is too slow to be the real binary. So the
 * child runs with `--max-old-space-size=512` (V8's heap cap: past it the
 * process dies with "JavaScript heap out of memory", exit 134 — the test
 * fails) and a preload (`rss-on-exit.cjs`) writes, as the process exits, its
 * peak resident set (getrusage's maxrss) and CPU time to a file; the test
 * asserts the peak stays under 512 MiB and the CPU time under 10 s. CPU time,
 * not wall time: the suite shares two cores, and the wall clock of a busy
 * machine says little about the command.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HULL_BIN, REPO } from './hull.js';

export const CAP_MIB = 512;
export const CPU_LIMIT_MS = 10_000;
const PRELOAD = fileURLToPath(new URL('./rss-on-exit.cjs', import.meta.url));

export interface BoundedResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the child, MiB. */
  maxRssMiB: number;
  /** User + system CPU time of the child, ms. */
  cpuMs: number;
}

export function runBounded(
  args: readonly string[],
  opts: { input?: string | Uint8Array; stdinFile?: string; cwd?: string; stdout?: 'pipe' | 'ignore' } = {},
): BoundedResult {
  const dir = mkdtempSync(join(tmpdir(), 'hull-bounded-'));
  const usage = join(dir, 'usage.json');
  try {
    const stdin = opts.stdinFile !== undefined ? ['-c', `exec "$@" < "${opts.stdinFile}"`, 'sh'] : undefined;
    const node = [process.execPath, `--max-old-space-size=${CAP_MIB}`, '--require', PRELOAD, HULL_BIN, ...args];
    const r = spawnSync(stdin ? '/bin/sh' : node[0]!, stdin ? [...stdin, ...node] : node.slice(1), {
      input: opts.input ?? '',
      env: { ...process.env, NO_COLOR: '1', HULL_USAGE_FILE: usage },
      cwd: opts.cwd ?? REPO,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['pipe', opts.stdout ?? 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let u = { maxRssKiB: -1, cpuUs: -1 };
    try {
      u = JSON.parse(readFileSync(usage, 'utf8')) as typeof u;
    } catch {
      // no usage file: the child died before its exit handlers (the status says how)
    }
    return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', maxRssMiB: u.maxRssKiB / 1024, cpuMs: u.cpuUs / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
