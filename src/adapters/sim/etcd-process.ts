/**
 * A local etcd for a simulation whose scenario has an etcd lock and no
 * `--etcd URL` (docs/sim.md, D43): the `etcd` binary (Debian's etcd-server)
 * started on free loopback ports with the v2 keys API on, its data in a
 * directory of the run, stopped by its PID when the run ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import { freePort } from '../node/index.js';

export interface LocalEtcd {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const exited = (c: ChildProcess): Promise<void> =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));

export async function startLocalEtcd(dir: string, timeoutMs = 20_000): Promise<LocalEtcd> {
  const client = await freePort();
  const peer = await freePort();
  const log = join(dir, 'etcd.log');
  const fd = openSync(log, 'a');
  const child = spawn(
    'etcd',
    [
      '--name=sim',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${client}`,
      `--advertise-client-urls=http://127.0.0.1:${client}`,
      `--listen-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-cluster=sim=http://127.0.0.1:${peer}`,
      '--enable-v2=true',
      '--heartbeat-interval=50',
      '--election-timeout=500',
    ],
    { stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(
        new AppError(
          'REHEARSAL_TOOL_FAILED',
          (err as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'the scenario has an etcd lock and no --etcd URL was given, but the etcd binary is not installed: apt-get install etcd-server (scripts/setup-system), or give --etcd URL'
            : `etcd: ${err.message}`,
          { cause: err },
        ),
      ),
    ),
  );
  const url = `http://127.0.0.1:${client}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process_kill(child);
      await exited(child);
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new AppError(
        'REHEARSAL_TOOL_FAILED',
        `etcd exited (${child.exitCode}) before answering:\n${readFileSync(log, 'utf8').slice(-2000)}`,
      );
    try {
      const r = await Promise.race([
        fetch(`${url}/v2/keys/?quorum=true`, { signal: AbortSignal.timeout(1000) }),
        spawnError,
      ]);
      if (r.status === 200 || r.status === 404) break;
    } catch (err) {
      if (err instanceof AppError) throw err;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new AppError(
        'REHEARSAL_TOOL_FAILED',
        `etcd at ${url} did not answer within ${timeoutMs} ms:\n${readFileSync(log, 'utf8').slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid!, stop };
}

/** Ends the etcd this module started, by its PID (SIGTERM). */
function process_kill(child: ChildProcess): void {
  child.kill('SIGTERM');
}
