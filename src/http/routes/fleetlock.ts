import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fleetLockErrorBody } from '../../reboot/index.js';
import type { FleetLockService } from '../../reboot/index.js';
import type { FleetLockMetrics } from '../fleetlock-metrics.js';

/** The largest request body read (Zincati's is about 100 bytes). */
export const FLEETLOCK_MAX_BODY = 16 * 1024;

/**
 * The FleetLock protocol Zincati speaks: `POST /v1/pre-reboot` and
 * `POST /v1/steady-state`, open (no token, like airlock), any content type,
 * the body read as text up to FLEETLOCK_MAX_BODY bytes (more: 413 with
 * airlock's `invalid_client_identity`). The answers are the lock service's:
 * 200 with an empty body, or `{"kind":…,"value":…}`.
 */
export function fleetLockRoutes(app: FastifyInstance, service: FleetLockService, metrics?: FleetLockMetrics): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: FLEETLOCK_MAX_BODY }, (_req, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      if (err.statusCode === 413) {
        metrics?.count(opOf(request.url), 'invalid_client_identity');
        reply.removeHeader('connection');
        return send(
          reply,
          413,
          `${fleetLockErrorBody({ status: 413, kind: 'invalid_client_identity', value: `failed to validate client identity: the body is over ${FLEETLOCK_MAX_BODY} bytes` })}\n`,
        );
      }
      request.log.error({ err }, 'fleetlock request failed');
      return send(reply, 500, `${fleetLockErrorBody({ status: 500, kind: 'failed_lock', value: 'internal error' })}\n`);
    });
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
      const header = request.headers['fleet-lock-protocol'];
      const path = request.url.split('?')[0] ?? '';
      const answer = await service.handle(request.method, path, Array.isArray(header) ? header[0] : header, body);
      const kind = answer.status === 200 ? 'ok' : kindOf(answer.body);
      metrics?.count(opOf(path), kind);
      if (answer.status !== 200) request.log.info({ status: answer.status, kind, path }, 'fleetlock request refused');
      return send(reply, answer.status, answer.body);
    };
    for (const path of ['/v1/pre-reboot', '/v1/steady-state'])
      scope.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], url: path, handler });
  });
}

function opOf(path: string): 'lock' | 'unlock' {
  return path.includes('steady-state') ? 'unlock' : 'lock';
}

function kindOf(body: string): string {
  try {
    const k = (JSON.parse(body) as { kind?: unknown }).kind;
    return typeof k === 'string' ? k : 'unknown';
  } catch {
    return 'unknown';
  }
}

function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  if (body === '') return reply.status(status).send('');
  return reply.status(status).header('content-type', 'application/json').send(body);
}
