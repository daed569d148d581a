/**
 * A graceful stop for an HTTP server: stop accepting, let the requests
 * already received finish, close idle keep-alive connections, and at the
 * deadline destroy what is still open.
 *
 * Why not `server.close()` alone: on Node ≥ 19 it closes every connection
 * with no request in progress at once, including one whose request is in
 * the kernel's buffer but not yet read (a reset for a request the client
 * sent before the signal). Here the listening socket is closed first, the
 * event loop gets `graceMs` to read what was already sent, and only then are
 * idle connections closed.
 */
import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';

export interface DrainOptions {
  /** Time, from the call, after which connections still open are destroyed. */
  readonly deadlineMs: number;
  /** Time for requests already sent to be read before idle connections close (default 50 ms). */
  readonly graceMs?: number;
}

export interface DrainResult {
  /** Connections destroyed at the deadline (0: everything finished in time). */
  readonly destroyed: number;
}

export async function drainHttpServer(server: Server, opts: DrainOptions): Promise<DrainResult> {
  const started = performance.now();
  // Every response from now on ends its connection.
  server.prependListener('request', (_req, res) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  });
  const closed = new Promise<void>((resolve) => {
    if (!server.listening) {
      server.getConnections((_err, n) => (n === 0 ? resolve() : server.once('close', () => resolve())));
      return;
    }
    // net's close, not http's: no connection is closed here.
    NetServer.prototype.close.call(server, () => resolve());
  });
  const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  await Promise.race([closed, wait(Math.min(opts.graceMs ?? 50, opts.deadlineMs))]);
  // Connections with nothing in progress go now, and again as requests finish
  // (a response without `connection: close` already on its way leaves its
  // connection idle).
  server.closeIdleConnections();
  const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  const left = opts.deadlineMs - (performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      server.getConnections((_err, n) => {
        server.closeAllConnections();
        resolve(n);
      });
    }, Math.max(0, left));
  });
  try {
    const destroyed = await Promise.race([closed.then(() => 0), deadline]);
    // Connections the HTTP server does not track (none today) would keep it open: wait a little, not forever.
    if (destroyed > 0) await Promise.race([closed, wait(1000)]);
    return { destroyed };
  } finally {
    clearInterval(sweeper);
    clearTimeout(timer);
  }
}
