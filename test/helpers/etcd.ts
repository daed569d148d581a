/**
 * Real etcd servers (Debian's etcd-server, 3.4) owned by one test file: one
 * member or a cluster of N on 127.0.0.1 with free ports, each in its own
 * data dir under a fresh temp dir, with the v2 keys API on (`--enable-v2=true`,
 * which locksmith needs). Members can be killed (SIGKILL, by PID) and
 * restarted on the same ports and data. `stop()` ends only the processes it
 * started, by PID, and removes the temp dir. A missing binary is an error
 * naming the install command, never a skip.
 *
 *   const etcd = await startEtcd();            // or startEtcd({ members: 3 })
 *   after(() => etcd.stop());
 *   etcd.endpoints  // ['http://127.0.0.1:PORT', …]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/adapters/node/free-port.js';

export const ETCD_INSTALL_HINT = 'install etcd with `scripts/setup-system` (or: apt-get install -y etcd-server)';

export interface EtcdMember {
  readonly name: string;
  readonly clientUrl: string;
  pid(): number | undefined;
  /** SIGKILL this member's process and wait for it to exit. */
  kill(): Promise<void>;
  /** Start it again on the same ports and data dir; resolves once it answers. */
  restart(): Promise<void>;
  /** The member's log so far. */
  log(): string;
}

export interface EtcdCluster {
  readonly endpoints: readonly string[];
  readonly members: readonly EtcdMember[];
  readonly dir: string;
  stop(): Promise<void>;
}

export function findEtcd(): string {
  const candidates = [
    process.env['HULL_ETCD'],
    '/usr/bin/etcd',
    ...(process.env['PATH'] ?? '').split(':').map((d) => join(d, 'etcd')),
  ];
  for (const c of candidates) if (c !== undefined && c !== '' && existsSync(c)) return c;
  throw new Error(
    `etcd not found (looked at $HULL_ETCD, /usr/bin/etcd and $PATH). The reboot-lock tests need a real etcd 3.4: ${ETCD_INSTALL_HINT}.`,
  );
}

async function waitHealthy(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `etcd exited (${child.exitCode ?? child.signalCode}) before answering at ${url}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`,
      );
    }
    try {
      const r = await fetch(`${url}/v2/keys/?quorum=true`, { signal: AbortSignal.timeout(1000) });
      if (r.status === 200 || r.status === 404) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(
        `etcd at ${url} did not answer within ${timeoutMs} ms:\n${readFileSync(logFile, 'utf8').slice(-3000)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startEtcd(opts: { members?: number; timeoutMs?: number } = {}): Promise<EtcdCluster> {
  const bin = findEtcd();
  const n = opts.members ?? 1;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'hull-etcd-'));
  const specs: Array<{ name: string; client: number; peer: number }> = [];
  for (let i = 0; i < n; i++) specs.push({ name: `m${i + 1}`, client: await freePort(), peer: await freePort() });
  const initialCluster = specs.map((s) => `${s.name}=http://127.0.0.1:${s.peer}`).join(',');
  const children = new Map<string, ChildProcess>();

  const launch = (s: { name: string; client: number; peer: number }): ChildProcess => {
    const logFile = join(dir, `${s.name}.log`);
    const fd = openSync(logFile, 'a');
    const args = [
      `--name=${s.name}`,
      `--data-dir=${join(dir, s.name)}`,
      `--listen-client-urls=http://127.0.0.1:${s.client}`,
      `--advertise-client-urls=http://127.0.0.1:${s.client}`,
      `--listen-peer-urls=http://127.0.0.1:${s.peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${s.peer}`,
      `--initial-cluster=${initialCluster}`,
      '--initial-cluster-state=new',
      `--initial-cluster-token=hull-test-${specs[0]!.client}`,
      '--enable-v2=true',
      '--heartbeat-interval=50',
      '--election-timeout=500',
      '--snapshot-count=100000',
    ];
    const child = spawn(bin, args, {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ETCD_UNSUPPORTED_ARCH: process.env['ETCD_UNSUPPORTED_ARCH'] ?? '' },
    });
    closeSync(fd);
    children.set(s.name, child);
    return child;
  };

  const exited = (c: ChildProcess): Promise<void> =>
    c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));

  for (const s of specs) launch(s);
  try {
    await Promise.all(
      specs.map((s) =>
        waitHealthy(`http://127.0.0.1:${s.client}`, children.get(s.name)!, join(dir, `${s.name}.log`), timeoutMs),
      ),
    );
  } catch (err) {
    for (const c of children.values()) if (c.pid !== undefined && c.exitCode === null) c.kill('SIGKILL');
    throw err;
  }

  const members: EtcdMember[] = specs.map((s) => ({
    name: s.name,
    clientUrl: `http://127.0.0.1:${s.client}`,
    pid: () => children.get(s.name)?.pid,
    async kill() {
      const c = children.get(s.name);
      if (c === undefined) return;
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await exited(c);
    },
    async restart() {
      const c = launch(s);
      await waitHealthy(`http://127.0.0.1:${s.client}`, c, join(dir, `${s.name}.log`), timeoutMs);
    },
    log: () => (existsSync(join(dir, `${s.name}.log`)) ? readFileSync(join(dir, `${s.name}.log`), 'utf8') : ''),
  }));

  let stopped = false;
  return {
    endpoints: members.map((m) => m.clientUrl),
    members,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(
        [...children.values()].map(async (c) => {
          if (c.exitCode === null && c.signalCode === null) {
            c.kill('SIGTERM');
            const t = setTimeout(() => c.kill('SIGKILL'), 5000);
            await exited(c);
            clearTimeout(t);
          }
        }),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
