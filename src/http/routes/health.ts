import type { FastifyInstance } from 'fastify';
import type { Store } from '../../core/index.js';

export interface ServerFacts {
  readonly version: string;
  readonly instanceId: string;
  readonly startCount: number;
}

/** GET /healthz: 200 when the store answers, 503 when it does not. */
export function healthRoutes(app: FastifyInstance, store: Store, facts: ServerFacts): void {
  app.get('/healthz', async (request, reply) => {
    try {
      await store.ping();
    } catch (err) {
      request.log.warn({ err }, 'health check: store does not answer');
      return reply.status(503).send({ status: 'unavailable', store: store.dialect });
    }
    return {
      status: 'ok',
      version: facts.version,
      store: store.dialect,
      instance: facts.instanceId,
      starts: facts.startCount,
    };
  });
}
