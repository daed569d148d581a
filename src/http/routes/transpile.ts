import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/index.js';
import { DIALECT_IDS, isDialectId, resolveTarget, transpile, type PlaygroundResult } from '../../transpile/index.js';

/** The largest body POST /api/v1/transpile reads (docs/server.md); larger is 413 PAYLOAD_TOO_LARGE. */
export const TRANSPILE_BODY_LIMIT = 2 * 1024 * 1024;

interface TranspileBody {
  dialect: string;
  target?: string;
  source: string;
}

/** Checks the request body's shape; a malformed request is USAGE (400), an input problem is an issue (200). */
function readBody(body: unknown): TranspileBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('USAGE', 'the body must be a JSON object {dialect, target?, source}');
  }
  const { dialect, target, source } = body as Record<string, unknown>;
  if (!isDialectId(dialect)) {
    throw new AppError('USAGE', `unknown dialect ${JSON.stringify(dialect)}: one of ${DIALECT_IDS.join(', ')}`);
  }
  if (typeof source !== 'string') throw new AppError('USAGE', 'source must be a string');
  if (target === undefined || target === null || target === '') return { dialect, source };
  if (typeof target !== 'string' || resolveTarget(dialect, target) === undefined) {
    throw new AppError('USAGE', `${dialect} cannot emit Ignition ${JSON.stringify(target)} as a target`);
  }
  return { dialect, target, source };
}

/** POST /api/v1/transpile: the playground's work as an API ({output, issues}, always 200 for a well-formed request). */
export function transpileRoutes(app: FastifyInstance): void {
  app.post('/api/v1/transpile', { bodyLimit: TRANSPILE_BODY_LIMIT }, async (request): Promise<PlaygroundResult> => {
    return transpile(readBody(request.body));
  });
}
