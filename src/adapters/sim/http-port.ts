/**
 * The update server over real HTTP for `hull sim run --server` (the in-process
 * server is reached through fastify's inject instead, src/http/sim-server.ts):
 * Node's fetch, no redirects followed (the machines' own transport decides),
 * the whole answer as bytes. Nothing answering throws, as HttpPort says.
 */
import type { HttpPort } from '../../sim/index.js';

const TIMEOUT_MS = 60_000;

export const fetchHttpPort: HttpPort = {
  async request(req) {
    const r = await fetch(req.url, {
      method: req.method,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      ...(req.headers !== undefined ? { headers: req.headers } : {}),
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    const headers: Record<string, string> = {};
    r.headers.forEach((v, k) => (headers[k] = v));
    return { status: r.status, headers, body: new Uint8Array(await r.arrayBuffer()) };
  },
};
