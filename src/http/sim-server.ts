/**
 * `hull sim run`'s update server: `hull serve`'s app built in process — the
 * same buildApp, the same SQLite store and repositories, hosted packages and
 * FleetLock — on a data directory of the run, with the VIRTUAL clock injected
 * into the update service and FleetLock. Machines reach it through fastify's
 * `inject` (no sockets: the thousands of requests of a run cost no
 * connection each, and nothing can arrive from outside), docs/sim.md.
 */
import type { FastifyInstance } from 'fastify';
import { dbFleetLockGroups, dbKvStore, dbUpdateRepository, openStore } from '../adapters/db/index.js';
import { newId, openPackageFiles } from '../adapters/node/index.js';
import { MemoryTokenRepository } from '../adapters/memory/index.js';
import type { Clock } from '../core/index.js';
import type { HttpPort } from '../sim/index.js';
import { buildApp } from './app.js';
import { recordStart } from './server-facts.js';

/** The host machines use for the in-process server; never resolved (inject needs no network). */
export const SIM_SERVER_URL = 'http://hull-sim.invalid';

export interface SimServer {
  readonly http: HttpPort;
  readonly serverUrl: string;
  readonly adminToken: string;
  close(): Promise<void>;
}

export async function startSimServer(dataDir: string, clock: Clock, version: string): Promise<SimServer> {
  const store = await openStore({ dataDir });
  let app: FastifyInstance | undefined;
  try {
    const facts = await recordStart(store, version, newId);
    const tokens = new MemoryTokenRepository();
    const admin = await tokens.create({ role: 'admin', name: 'hull-sim' });
    const packageFiles = await openPackageFiles(dataDir);
    app = await buildApp({
      store,
      facts,
      tokens,
      packageFiles,
      update: { repo: dbUpdateRepository(store), clock, publicUrl: SIM_SERVER_URL, catalogCacheMs: 0 },
      fleetlock: { kv: dbKvStore(store, clock), groups: dbFleetLockGroups(store, clock) },
    });
    const a = app;
    const http: HttpPort = {
      async request(req) {
        const u = new URL(req.url);
        const r = await a.inject({
          method: req.method,
          url: `${u.pathname}${u.search}`,
          headers: { host: u.host, ...(req.headers ?? {}) },
          ...(req.body !== undefined
            ? {
                payload:
                  typeof req.body === 'string'
                    ? req.body
                    : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.length),
              }
            : {}),
        });
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(r.headers))
          headers[k] = Array.isArray(v) ? v.join(', ') : v === undefined ? undefined : String(v);
        return { status: r.statusCode, headers, body: new Uint8Array(r.rawPayload) };
      },
    };
    return {
      http,
      serverUrl: SIM_SERVER_URL,
      adminToken: admin.secret,
      async close() {
        await a.close();
        await store.close();
      },
    };
  } catch (err) {
    await app?.close();
    await store.close();
    throw err;
  }
}
