import type { FastifyInstance } from 'fastify';
import { checkUploadHead, handleJournalUpload, type JournalReceiverDeps } from '../../adapters/node/index.js';

/**
 * `POST /upload` on the main port, answered as journal-remote answers it
 * (docs/journal.md#the-receiver): the body is read raw by the receiver (no
 * fastify body parsing); any other method gets 406. A request that expects
 * `100 Continue` gets it only once the head is accepted, so a too large
 * Content-Length is refused before the body.
 */
export function journalUploadRoutes(app: FastifyInstance, deps: JournalReceiverDeps): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    scope.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
      url: '/upload',
      handler: async (request, reply) => {
        reply.hijack();
        await handleJournalUpload(
          request.raw,
          reply.raw,
          deps,
          (request.raw as { hullExpectContinue?: boolean }).hullExpectContinue === true,
        );
      },
    });
  });
  // Node answers `Expect: 100-continue` itself unless someone listens: listen, refuse a bad upload head at once, pass the rest on.
  app.server.on('checkContinue', (req, res) => {
    if ((req.url ?? '').split('?')[0] === '/upload') {
      const head = checkUploadHead(req, deps.maxUploadBytes);
      if (head) {
        deps.metrics?.rejected(head.reason);
        res.writeHead(head.status, { 'Content-Type': 'text/plain', Connection: 'close' });
        res.end(head.body);
        return;
      }
      (req as { hullExpectContinue?: boolean }).hullExpectContinue = true;
    } else res.writeContinue();
    app.server.emit('request', req, res);
  });
}
