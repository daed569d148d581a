import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route'>;
  /** Connections closed at once for being over a cap (server-limits.ts). */
  readonly refusedConnections: Counter<'reason'>;
  /** Sets what the open-connections gauge reads. */
  countConnections(read: () => Promise<number>): void;
}

/** One registry per app instance, so several apps in one process (tests) never collide. */
export function createMetrics(version: string): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hull_' });
  new Gauge({
    name: 'hull_build_info',
    help: 'Hull build information; the value is always 1.',
    labelNames: ['version'],
    registers: [registry],
  }).set({ version }, 1);
  const requests = new Counter({
    name: 'hull_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'hull_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const refusedConnections = new Counter({
    name: 'hull_http_connections_refused_total',
    help: 'Connections closed at once for being over a cap: per_ip (--max-connections-per-ip) or total (--max-connections).',
    labelNames: ['reason'],
    registers: [registry],
  });
  let read: (() => Promise<number>) | undefined;
  new Gauge({
    name: 'hull_http_connections',
    help: 'Connections the server holds open now.',
    registers: [registry],
    async collect() {
      if (read) this.set(await read());
    },
  });
  return { registry, requests, duration, refusedConnections, countConnections: (r) => (read = r) };
}
