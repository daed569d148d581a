import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/index.js';
import { runTranspileJob } from '../../transpile/index.js';

/** The largest body POST /api/v1/transpile reads (docs/server.md); larger is 413 PAYLOAD_TOO_LARGE. */
export const TRANSPILE_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * Runs the transpile of one request body: the answer's JSON text, or an
 * AppError (USAGE, SERVER_BUSY, TRANSPILE_BUDGET_EXCEEDED). `hull serve`
 * gives a pool of worker threads (src/adapters/node/transpile-pool.ts).
 */
export interface Transpiler {
  run(body: Uint8Array): Promise<string>;
  /** True when a request now would be refused with SERVER_BUSY (checked before the body is read). */
  readonly saturated?: boolean;
  /** Seconds for Retry-After on SERVER_BUSY. */
  retryAfterSeconds?(): number;
}

const decoder = new TextDecoder('utf-8');

/** On the event loop, for in-process use (tests, tools); nothing bounds its time. */
export const inlineTranspiler: Transpiler = {
  async run(body) {
    const result = runTranspileJob(decoder.decode(body));
    if (!result.ok) throw new AppError(result.code, result.message);
    return result.json;
  },
};

/** POST /api/v1/transpile: the playground's work as an API ({output, issues}, always 200 for a well-formed request). */
export function transpileRoutes(app: FastifyInstance, transpiler: Transpiler): void {
  const busy = () => new AppError('SERVER_BUSY', 'too many transpiles at once; retry later');
  const retryAfter = () => String(transpiler.retryAfterSeconds?.() ?? 1);
  // Its own scope: the body stays bytes here, and the transpiler (a worker
  // thread) parses it, so no CPU in proportion to the body is spent on the event loop.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/v1/transpile',
      {
        bodyLimit: TRANSPILE_BODY_LIMIT,
        config: { access: 'public' },
        // Refused before the body is read when the queue is full.
        onRequest: async (_request, reply) => {
          if (transpiler.saturated) {
            void reply.header('retry-after', retryAfter());
            throw busy();
          }
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!(body instanceof Uint8Array))
          throw new AppError('USAGE', 'the body must be a JSON object {dialect, target?, source}');
        let json: string;
        try {
          json = await transpiler.run(body);
        } catch (err) {
          if (err instanceof AppError && err.code === 'SERVER_BUSY') void reply.header('retry-after', retryAfter());
          throw err;
        }
        return reply.type('application/json; charset=utf-8').send(json);
      },
    );
  });
}
