/**
 * Runs a program to its end with its output capped: stdout and stderr kept up
 * to `maxBytes` each (the rest is counted, not kept), an optional timeout
 * after which the program's process group is killed (SIGKILL).
 */
import { spawn } from 'node:child_process';

export interface CappedResult {
  /** The exit status, or null when the program was killed by a signal. */
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** True when stdout was longer than `maxBytes`. */
  readonly truncated: boolean;
  readonly timedOut: boolean;
}

export interface CappedOptions {
  readonly maxBytes: number;
  readonly timeoutMs?: number;
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Kill the program as soon as stdout passes `maxBytes` (a file too big to want). */
  readonly killOnOverflow?: boolean;
}

export function runCapped(command: string, args: readonly string[], opts: CappedOptions): Promise<CappedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: opts.cwd,
      env: opts.env ?? { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout ends what it started too
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let truncated = false;
    let timedOut = false;
    const kill = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer =
      opts.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            kill();
          }, opts.timeoutMs)
        : undefined;
    child.stdout.on('data', (d: Buffer) => {
      if (outLen < opts.maxBytes) out.push(d.subarray(0, opts.maxBytes - outLen));
      outLen += d.length;
      if (outLen > opts.maxBytes) {
        truncated = true;
        if (opts.killOnOverflow) kill();
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      if (errLen < opts.maxBytes) err.push(d.subarray(0, opts.maxBytes - errLen));
      errLen += d.length;
    });
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ status: code, stdout: Buffer.concat(out), stderr: Buffer.concat(err), truncated, timedOut });
    });
  });
}
