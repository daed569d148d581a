import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { CONTENT_SECURITY_POLICY_DIRECTIVES } from './routes/web.js';

/**
 * The security headers of every answer, by @fastify/helmet (decisions D22):
 * the playground's Content-Security-Policy, nosniff, no framing, no referrer,
 * same-origin opener and resource policies. No Strict-Transport-Security:
 * hull serve speaks plain HTTP; HSTS belongs to whatever terminates TLS.
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(CONTENT_SECURITY_POLICY_DIRECTIVES).map(([k, v]) => [k, [...v]])),
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: false,
  });
}
