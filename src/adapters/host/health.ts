/**
 * The release's health script (`/share/flatcar/health`) run as on the
 * machine: `/bin/sh SCRIPT`, in a fresh temporary folder as cwd, env
 * `HULL_ROOT=<ROOT>` and a plain PATH, killed (with what it started) after
 * the timeout (30 s); exit 0 is healthy. Its output, stdout then stderr, is
 * kept up to 4 KiB.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import { HEALTH_OUTPUT_BYTES, type HealthResult } from '../../disk/index.js';
import { runCapped } from './run-capped.js';

export const HEALTH_TIMEOUT_MS = 30_000;

export function healthRunner(
  root: string,
  opts: { timeoutMs?: number } = {},
): (script: Uint8Array) => Promise<Omit<HealthResult, 'script'>> {
  return async (script) => {
    const dir = await mkdtemp(join(tmpdir(), 'hull-health-'));
    try {
      const cwd = join(dir, 'cwd');
      await writeFile(join(dir, 'health'), script, { mode: 0o755 });
      await mkdir(cwd);
      const r = await runCapped('/bin/sh', [join(dir, 'health')], {
        maxBytes: HEALTH_OUTPUT_BYTES,
        timeoutMs: opts.timeoutMs ?? HEALTH_TIMEOUT_MS,
        cwd,
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', HULL_ROOT: root },
      }).catch((err: Error) => {
        throw new AppError('HOST_TOOL_FAILED', `cannot run /bin/sh for the health script: ${err.message}`, {
          cause: err,
        });
      });
      const output = Buffer.concat([r.stdout, r.stderr]).subarray(0, HEALTH_OUTPUT_BYTES).toString('utf8');
      const ok = !r.timedOut && r.status === 0;
      return { ok, exitCode: r.status, ...(r.timedOut ? { timedOut: true } : {}), output };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
