import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Store } from '../core/index.js';
import { frameworkErrorBody, installErrorHandling } from './error-handler.js';
import { createMetrics } from './metrics.js';
import { healthRoutes, type ServerFacts } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { metricsRoutes } from './routes/metrics.js';
import { transpileRoutes } from './routes/transpile.js';
import { webRoutes } from './routes/web.js';
import { webFiles, type WebFiles } from '../adapters/node/web-files.js';

export interface AppDeps {
  readonly store: Store;
  readonly facts: ServerFacts;
  /** A pino logger; omit for a silent app (tests). */
  readonly logger?: FastifyBaseLogger;
  /** The built web app; default dist/web of the package. */
  readonly web?: WebFiles;
}

/** The whole HTTP surface, built from its dependencies; nothing listens until the caller says so. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Idle keep-alive sockets must not hold up a graceful shutdown.
    forceCloseConnections: 'idle',
    bodyLimit: 64 * 1024 * 1024,
    frameworkErrors: (err, _request, reply) => {
      void (reply as FastifyReply).status(400).send(frameworkErrorBody(err));
    },
  });
  installErrorHandling(app);
  metricsRoutes(app, createMetrics(deps.facts.version));
  healthRoutes(app, deps.store, deps.facts);
  homeRoutes(app, deps.facts, deps.store.dialect);
  transpileRoutes(app);
  webRoutes(app, deps.web ?? webFiles());
  await app.ready();
  return app;
}
