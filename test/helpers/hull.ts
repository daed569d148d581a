import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const HULL_BIN = fileURLToPath(new URL('../../bin/hull.cjs', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(new URL('../../dist/hull.cjs', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before the CLI tests');
  }
}

export interface HullResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `hull` binary to completion, as a user would. */
export function runHull(
  args: readonly string[],
  opts: { input?: string; env?: Record<string, string>; nodeArgs?: readonly string[]; cwd?: string } = {},
): HullResult {
  assertBuilt();
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), HULL_BIN, ...args], {
    input: opts.input ?? '',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    cwd: opts.cwd ?? REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface RunningServer {
  url: string;
  pid: number;
  logs: () => string;
  /**
   * Sends the signal (default SIGTERM) to the server's process group and
   * resolves with the exit code and how long the exit took; SIGKILL after 10 s.
   */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/**
 * Starts `hull serve` (or `npm start --`) on a free port and resolves once it
 * logs its URL. Rejects with the server's output when it exits first.
 */
export function startServer(
  args: readonly string[],
  opts: { viaNpm?: boolean; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  assertBuilt();
  const cmd = opts.viaNpm ? 'npm' : process.execPath;
  const argv = opts.viaNpm ? ['start', '--silent', '--', ...args] : [HULL_BIN, 'serve', ...args];
  // Its own process group, so a signal can go to npm and the server together,
  // as a terminal's Ctrl-C or a service manager's stop does.
  const child = spawn(cmd, argv, {
    cwd: REPO,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signalGroup('SIGKILL');
      reject(new Error(`hull serve did not start in 30 s:\n${out}`));
    }, 30_000);
    const onData = (chunk: string) => {
      out += chunk;
      const m = /"url":"(http:\/\/[^"]+)".*"msg":"hull listening"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          pid: child.pid!,
          logs: () => out,
          async stop(signal = 'SIGTERM') {
            const t0 = performance.now();
            signalGroup(signal);
            const killer = setTimeout(() => signalGroup('SIGKILL'), 10_000);
            const code = await exited;
            clearTimeout(killer);
            return { code, ms: performance.now() - t0 };
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hull serve exited with ${code} before listening:\n${out}`));
    });
  });
}
