import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { silentLogger, systemClock, type Clock, type Store, type TokenRepository } from '../core/index.js';
import { OmahaService, withCachedCatalog, type UpdateRepository } from '../update/index.js';
import { cincinnatiRoutes } from './routes/cincinnati.js';
import { omahaRoutes } from './routes/omaha.js';
import { updateApiRoutes } from './routes/update/index.js';
import { uploadRoutes } from './routes/update/upload.js';
import { createUpdateMetrics } from './update-metrics.js';
import { AJV_OPTIONS, installApi } from './api/index.js';
import { handleClientError } from './client-errors.js';
import { frameworkErrorBody, installErrorHandling } from './error-handler.js';
import { createMetrics, type HttpMetrics } from './metrics.js';
import { healthRoutes, type ServerFacts } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { metricsRoutes } from './routes/metrics.js';
import { packageRoutes } from './routes/packages.js';
import { inlineTranspiler, transpileRoutes, type Transpiler } from './routes/transpile.js';
import { tokenRoutes } from './routes/tokens.js';
import { webRoutes } from './routes/web.js';
import { securityHeaders } from './security-headers.js';
import { connectionsCheckingIntervalMs, type ServerLimits } from './server-limits.js';
import { limitConnections, webFiles, type WebFiles } from '../adapters/node/index.js';
import type { PackageFiles } from '../adapters/node/index.js';
import { MemoryTokenRepository, MemoryJournalRepository } from '../adapters/memory/index.js';
import type { KvStore } from '../reboot/index.js';
import type { FleetLockGroups } from '../reboot/index.js';
import { FleetLockService, slotMap } from '../reboot/index.js';
import { fleetLockRoutes } from './routes/fleetlock.js';
import { fleetLockApiRoutes } from './routes/fleetlock-api.js';
import { createFleetLockMetrics } from './fleetlock-metrics.js';
// issue 17: the journal's receiver (POST /upload) and API (/api/v1/journal/…)
import { journalRoutes, type JournalDeps as JournalQueryDeps } from './routes/journal.js';
import { LocalJournalTail } from '../journal/index.js';
import type { JournalReceiverDeps } from '../adapters/node/index.js';
import { createJournalMetrics } from './journal-metrics.js';
import { journalUploadRoutes } from './routes/journal-upload.js';

export interface AppDeps {
  readonly store: Store;
  readonly facts: ServerFacts;
  /** A pino logger; omit for a silent app (tests). */
  readonly logger?: FastifyBaseLogger;
  /** The built web app; default dist/web of the package. */
  readonly web?: WebFiles;
  /** Runs POST /api/v1/transpile's work; default on the event loop (`hull serve` gives a worker pool). */
  readonly transpiler?: Transpiler;
  /** Connection caps and request timeouts (server-limits.ts); default Node's and fastify's own. */
  readonly limits?: ServerLimits;
  /** The hosted payload files (`<data-dir>/packages`), served at /packages/…; omitted: no such routes. */
  readonly packageFiles?: PackageFiles;
  /** The management API's tokens; default an empty in-memory set (every protected route answers 401). */
  readonly tokens?: TokenRepository;
  /** The update service (Omaha, Cincinnati, the update API); omitted: no such routes. */
  readonly update?: UpdateDeps;
  /** The FleetLock server (/v1/pre-reboot, /v1/steady-state, /api/v1/fleetlock/…); omitted: no such routes. */
  readonly fleetlock?: FleetLockDeps;
  /**
   * The journal: its store and live tail, read by the API (/api/v1/journal/…) and written by the
   * receiver (`POST /upload`, docs/journal.md). Omitted: no receiver, and the API over an empty
   * in-memory store.
   */
  readonly journal?: JournalDeps;
}

export interface JournalDeps extends JournalQueryDeps {
  /** Disk the store takes, for /metrics. */
  readonly diskBytes?: () => Promise<number>;
  /** The receiver's options (limits, identity rules); repo, tail, tokens and metrics are filled in. */
  readonly receiver?: Omit<JournalReceiverDeps, 'repo' | 'tail' | 'tokens' | 'metrics'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The journal receiver's dependencies as the app wired them (metrics included), for the receiver's own port. */
    journalReceiver?: JournalReceiverDeps;
  }
}

export interface FleetLockDeps {
  /** Where the semaphores live: Hull's store (dbKvStore) or etcd v3 (etcdV3KvStore). */
  readonly kv: KvStore;
  /** The groups and their slots (always in Hull's store). */
  readonly groups: FleetLockGroups;
  /** Since when holders hold their slots is taken from it (default: the system clock). */
  readonly clock?: Clock;
}

export interface UpdateDeps {
  readonly repo: UpdateRepository;
  readonly clock?: Clock;
  /** Base URL of this server as machines reach it, for hosted payloads; default: the request's Host. */
  readonly publicUrl?: string;
  /** Largest payload file an upload may send (bytes). */
  readonly maxPackageBytes?: number;
  /** How long catalog reads are cached for update checks (ms; 0: not cached). */
  readonly catalogCacheMs?: number;
}

/** 4 GiB: a Flatcar payload is about 0.5 GiB. */
export const DEFAULT_MAX_PACKAGE_BYTES = 4 * 1024 ** 3;

/** The whole HTTP surface, built from its dependencies; nothing listens until the caller says so. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Idle keep-alive sockets must not hold up a graceful shutdown.
    forceCloseConnections: 'idle',
    // One line per request, written when it is answered (the hook below),
    // instead of fastify's two ("incoming request", "request completed").
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024 * 1024,
    // A route parameter may be a whole file name (255 bytes, percent-encoded up to three times that).
    routerOptions: { maxParamLength: 1024 },
    // Request schemas (src/http/api/validation.ts): no coercion, extra properties refused.
    ajv: AJV_OPTIONS,
    frameworkErrors: (err, _request, reply) => {
      void (reply as FastifyReply).status(400).send(frameworkErrorBody(err));
    },
    // The parser's refusals (400, 408, 431) in the same JSON shape as every other error.
    clientErrorHandler: handleClientError,
    ...(deps.limits ? { requestTimeout: deps.limits.requestTimeoutMs } : {}),
  });
  const tokens = deps.tokens ?? new MemoryTokenRepository();
  const metrics = createMetrics(deps.facts.version);
  metrics.countConnections(() => new Promise((resolve) => app.server.getConnections((_err, n) => resolve(n ?? 0))));
  if (deps.limits) applyLimits(app, deps.limits, metrics);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        remote: request.ip,
      },
      'request',
    );
  });
  installErrorHandling(app);
  await securityHeaders(app);
  // The API framework, before any route (each collects routes as they are added): docs/server.md#the-api-framework.
  await installApi(app, tokens, deps.facts.version);
  metricsRoutes(app, metrics);
  healthRoutes(app, deps.store, deps.facts);
  homeRoutes(app, deps.facts, deps.store.dialect);
  transpileRoutes(app, deps.transpiler ?? inlineTranspiler);
  if (deps.packageFiles) await packageRoutes(app, deps.packageFiles);
  tokenRoutes(app, tokens);
  if (deps.update) {
    const u = deps.update;
    const clock = u.clock ?? systemClock;
    const updateMetrics = createUpdateMetrics(metrics.registry, u.repo);
    const cached =
      u.catalogCacheMs === 0
        ? u.repo
        : withCachedCatalog(u.repo, { ttlMs: u.catalogCacheMs ?? 1000, now: () => clock.now().getTime() });
    const service = new OmahaService(cached, clock, deps.logger ?? silentLogger, updateMetrics);
    omahaRoutes(app, {
      service,
      metrics: updateMetrics,
      ...(u.publicUrl !== undefined ? { publicUrl: u.publicUrl } : {}),
    });
    cincinnatiRoutes(app, cached, clock);
    updateApiRoutes(app, cached, clock, deps.packageFiles);
    if (deps.packageFiles)
      uploadRoutes(app, cached, deps.packageFiles, clock, u.maxPackageBytes ?? DEFAULT_MAX_PACKAGE_BYTES);
  }
  if (deps.fleetlock) {
    const { kv, groups } = deps.fleetlock;
    const service = new FleetLockService({
      kv,
      groups: () => slotMap(groups),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      clock: deps.fleetlock.clock ?? systemClock,
    });
    fleetLockRoutes(app, service, createFleetLockMetrics(metrics.registry, groups, service));
    fleetLockApiRoutes(app, groups, service);
  }
  journalRoutes(app, deps.journal ?? { repo: new MemoryJournalRepository(), tail: new LocalJournalTail() });
  if (deps.journal) {
    const j = deps.journal;
    const receiver: JournalReceiverDeps = {
      ...j.receiver,
      repo: j.repo,
      tail: j.tail,
      tokens,
      metrics: createJournalMetrics(metrics.registry, j.repo, j.diskBytes),
    };
    journalUploadRoutes(app, receiver);
    app.decorate('journalReceiver', receiver);
  }
  webRoutes(app, deps.web ?? webFiles());
  await app.ready();
  return app;
}

function applyLimits(app: FastifyInstance, limits: ServerLimits, metrics: HttpMetrics): void {
  const server = app.server;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  // Node checks the two timeouts on this interval (default 30 s, so a 10 s
  // headers timeout could take 40 s); read when the server starts listening.
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval =
    connectionsCheckingIntervalMs(limits);
  limitConnections(server, limits, (reason) => metrics.refusedConnections.inc({ reason }));
}
