/**
 * A graceful stop for an HTTP server (`hull serve` on SIGTERM/SIGINT): stop
 * accepting, finish the requests already received, close idle keep-alive
 * connections at once, and destroy what is still open at the deadline.
 *
 * Why not `server.close()`: on Node ≥ 19 it also closes, at once, every
 * connection with no request in progress, including a new one whose request
 * is in the kernel's buffer but not yet read: a reset for a request the
 * client sent before the signal. Here the connections waiting in the listen
 * queue are accepted first, then only the listening socket is closed;
 * connections that have served requests and are idle go at once; a
 * connection that has not sent a request yet gets `freshGraceMs` to do so
 * (it is read as soon as the event loop gets to it).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

export interface DrainOptions {
  /** Time, from the call, after which connections still open are destroyed. */
  readonly deadlineMs: number;
  /** Time a connection that has not sent a request yet gets to send one (default 1 s, at most the deadline). */
  readonly freshGraceMs?: number;
}

export interface DrainResult {
  /** Connections destroyed at the deadline (0: everything finished in time). */
  readonly destroyed: number;
}

interface ConnectionState {
  /** It has carried at least one request. */
  used: boolean;
  /** Responses not yet finished. */
  readonly open: Set<ServerResponse>;
}

export interface Drainable {
  drain(opts: DrainOptions): Promise<DrainResult>;
}

/** Starts following `server`'s connections and requests (call before it listens); `drain` stops it. */
export function drainable(server: Server): Drainable {
  const connections = new Map<Socket, ConnectionState>();
  let draining = false;
  const stateOf = (socket: Socket): ConnectionState => {
    let state = connections.get(socket);
    if (state === undefined) {
      state = { used: false, open: new Set() };
      connections.set(socket, state);
      socket.once('close', () => connections.delete(socket));
    }
    return state;
  };
  server.on('connection', (socket: Socket) => void stateOf(socket));
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const state = stateOf(socket);
    state.used = true;
    state.open.add(res);
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      state.open.delete(res);
      // A response whose headers went out before the drain kept its connection alive: end it now.
      if (draining && state.open.size === 0 && !socket.destroyed) socket.end();
    });
  });

  return {
    async drain(opts) {
      draining = true;
      const started = performance.now();
      const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
      // Connections the kernel completed before the signal wait in the listen
      // queue until the event loop accepts them; closing the listening socket
      // would reset them. One full turn of the loop (two check phases around
      // a poll phase) accepts every one of them first.
      const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
      await turn();
      await turn();
      const closed = new Promise<void>((resolve) => {
        if (server.listening) NetServer.prototype.close.call(server, () => resolve());
        else if (connections.size === 0) resolve();
        else server.once('close', () => resolve());
      });
      for (const [socket, state] of connections) {
        if (state.used && state.open.size === 0) socket.destroy(); // idle keep-alive
        for (const res of state.open) if (!res.headersSent) res.setHeader('connection', 'close');
      }
      let sweeper: NodeJS.Timeout | undefined;
      let deadline: NodeJS.Timeout | undefined;
      const grace = setTimeout(
        () => {
          // Connections still without a request (Node counts a half-received one as busy) go now, and as they become idle.
          server.closeIdleConnections();
          sweeper = setInterval(() => server.closeIdleConnections(), 100);
        },
        Math.min(opts.freshGraceMs ?? 1000, opts.deadlineMs),
      );
      const atDeadline = new Promise<number>((resolve) => {
        deadline = setTimeout(
          () => {
            const n = connections.size;
            server.closeAllConnections();
            for (const socket of connections.keys()) socket.destroy();
            resolve(n);
          },
          Math.max(0, opts.deadlineMs - (performance.now() - started)),
        );
      });
      try {
        const destroyed = await Promise.race([closed.then(() => 0), atDeadline]);
        // Wait for the destroyed sockets' close, a little, not forever.
        if (destroyed > 0) await Promise.race([closed, wait(1000)]);
        return { destroyed };
      } finally {
        clearTimeout(grace);
        clearInterval(sweeper);
        clearTimeout(deadline);
      }
    },
  };
}
