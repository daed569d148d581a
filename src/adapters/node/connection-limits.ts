/**
 * Caps on the connections an HTTP server holds: in all (below the process's
 * file-descriptor limit, so accept() never fails with EMFILE and the store,
 * logs and workers keep their descriptors) and per client address (so one
 * client holding many connections, a slowloris, cannot take them all). A
 * connection over a cap is closed at once, before the HTTP parser sees it.
 */
import type { Server, Socket } from 'node:net';

export interface ConnectionCaps {
  /** Connections held at once, from all clients. */
  readonly maxConnections: number;
  /** Connections held at once from one client address; 0: no per-address cap. */
  readonly maxConnectionsPerIp: number;
}

export interface ConnectionCounter {
  /** Connections refused so far because of the per-address cap. */
  readonly refusedPerIp: number;
  /** Connections refused so far because of the total cap. */
  readonly refusedTotal: number;
}

/** `::ffff:127.0.0.2` (an IPv4 client of a dual-stack socket) counts as `127.0.0.2`. */
export function clientAddress(socket: Socket): string | undefined {
  const a = socket.remoteAddress;
  return a?.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** Installs the caps on `server` (after the HTTP server made its own connection listener, before it listens). */
export function limitConnections(
  server: Server,
  caps: ConnectionCaps,
  onRefused?: (reason: 'per_ip' | 'total') => void,
): ConnectionCounter {
  const counter = { refusedPerIp: 0, refusedTotal: 0 };
  // Node closes a connection over maxConnections before it emits 'connection'.
  server.maxConnections = caps.maxConnections;
  server.on('drop', () => {
    counter.refusedTotal++;
    onRefused?.('total');
  });
  if (caps.maxConnectionsPerIp <= 0) return counter;
  // The HTTP server's own listeners must not see a refused connection at all,
  // so they run from ours, for admitted connections only.
  const inner = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const held = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const ip = clientAddress(socket);
    const n = ip === undefined ? Infinity : (held.get(ip) ?? 0);
    if (ip === undefined || n >= caps.maxConnectionsPerIp) {
      counter.refusedPerIp++;
      socket.destroy();
      onRefused?.('per_ip');
      return;
    }
    held.set(ip, n + 1);
    socket.once('close', () => {
      const left = (held.get(ip) ?? 1) - 1;
      if (left <= 0) held.delete(ip);
      else held.set(ip, left);
    });
    for (const listener of inner) listener.call(server, socket);
  });
  return counter;
}
