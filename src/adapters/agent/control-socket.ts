/**
 * The unix socket between `hull agent check|status|reset-status` and the
 * running daemon (`ROOT/run/hull-agent.sock`, decisions D34): one JSON line
 * each way, `{"op":"check"}` → `{"ok":true,"result":…}`.
 */
import { connect, createServer, type Server } from 'node:net';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../core/index.js';

export type ControlOp = 'check' | 'status' | 'reset-status';
export type ControlHandler = (op: ControlOp) => Promise<unknown>;

export const socketPath = (root: string): string => join(root, 'run/hull-agent.sock');

const OPS: readonly ControlOp[] = ['check', 'status', 'reset-status'];

export async function serveControl(path: string, handle: ControlHandler): Promise<{ close(): Promise<void> }> {
  await mkdir(dirname(path), { recursive: true });
  await rm(path, { force: true });
  const server: Server = createServer((sock) => {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      if (buf.length > 4096) sock.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let op: unknown;
      try {
        op = (JSON.parse(buf.slice(0, nl)) as { op?: unknown }).op;
      } catch {
        op = undefined;
      }
      if (!OPS.includes(op as ControlOp)) {
        sock.end(`${JSON.stringify({ ok: false, error: 'unknown op' })}\n`);
        return;
      }
      handle(op as ControlOp).then(
        (result) => sock.end(`${JSON.stringify({ ok: true, result })}\n`),
        (err: unknown) =>
          sock.end(`${JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })}\n`),
      );
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  await chmod(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        void rm(path, { force: true });
      }),
  };
}

/** Asks the daemon; undefined when no daemon listens (no socket, or a stale one). */
export function askDaemon(path: string, op: ControlOp, timeoutMs = 10_000): Promise<unknown | undefined> {
  return new Promise((resolve, reject) => {
    const sock = connect(path);
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new AppError('IO_FAILED', `the agent at ${path} did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${JSON.stringify({ op })}\n`));
    sock.on('data', (d: string) => (buf += d));
    sock.on('end', () => {
      clearTimeout(timer);
      try {
        const r = JSON.parse(buf) as { ok: boolean; result?: unknown; error?: string };
        if (r.ok) resolve(r.result);
        else reject(new AppError('IO_FAILED', `the agent refused ${op}: ${r.error}`));
      } catch {
        reject(new AppError('IO_FAILED', `the agent at ${path} gave no answer to ${op}`));
      }
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(undefined);
      else reject(new AppError('IO_FAILED', `cannot reach the agent at ${path}: ${err.message}`));
    });
  });
}
