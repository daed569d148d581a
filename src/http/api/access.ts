import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type TokenInfo, type TokenRepository } from '../../core/index.js';

/**
 * Who may call a route (`config: { access }` in its options):
 * - unset: under `/api/v1/`, any valid token; a viewer token only for GET and
 *   HEAD (other methods 403). Elsewhere, no token.
 * - `'admin'`: an admin token, for every method (GET too).
 * - `'public'`: no token, also under `/api/v1/`.
 */
export type Access = 'public' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** The token may also come as `?access_token=` (the journal's SSE tail: EventSource cannot set headers). */
    tokenInQuery?: boolean;
  }
  interface FastifyRequest {
    /** The bearer token the request was let in with; null on routes that need none. */
    token: TokenInfo | null;
  }
}

export const API_PREFIX = '/api/v1/';
const READ_METHODS = new Set(['GET', 'HEAD']);
const BEARER = /^Bearer +([^\s]+) *$/i;

const underApi = (path: string | undefined) =>
  path !== undefined && (path.startsWith(API_PREFIX) || path === API_PREFIX.slice(0, -1));

/**
 * Whether the request needs a token: by the route's `access`, else by its
 * pattern or (for a request no API route matched) its path being under
 * /api/v1/, so an unknown API path is 401 before it is 404.
 */
export function needsToken(request: FastifyRequest): boolean {
  const access = request.routeOptions.config.access;
  if (access !== undefined) return access === 'admin';
  return underApi(request.routeOptions.url) || underApi(request.url.split('?')[0]);
}

function unauthorized(reply: FastifyReply, message: string, invalid: boolean): AppError {
  void reply.header('www-authenticate', invalid ? 'Bearer realm="hull", error="invalid_token"' : 'Bearer realm="hull"');
  return new AppError('UNAUTHORIZED', message);
}

/**
 * Checks the bearer token of every request that needs one (before its body is
 * read): none, unknown or revoked → 401 UNAUTHORIZED with WWW-Authenticate;
 * a viewer token on a write or on an admin-only route → 403 FORBIDDEN. The
 * token found is `request.token`. Install before any route.
 */
export function installAccess(app: FastifyInstance, tokens: TokenRepository): void {
  app.decorateRequest('token', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!needsToken(request)) return;
    let header = request.headers.authorization;
    if (header === undefined && request.routeOptions.config.tokenInQuery === true) {
      const t = (request.query as Record<string, unknown> | undefined)?.['access_token'];
      if (typeof t === 'string') header = `Bearer ${t}`;
    }
    if (header === undefined)
      throw unauthorized(reply, 'this route needs a bearer token (Authorization: Bearer hull_…)', false);
    const secret = BEARER.exec(header)?.[1];
    if (secret === undefined) throw unauthorized(reply, 'the Authorization header must be "Bearer <token>"', true);
    const token = await tokens.verify(secret);
    if (token === undefined) throw unauthorized(reply, 'the bearer token is unknown or revoked', true);
    request.token = token;
    const adminOnly = request.routeOptions.config.access === 'admin';
    if (token.role !== 'admin' && (adminOnly || !READ_METHODS.has(request.method))) {
      throw new AppError(
        'FORBIDDEN',
        adminOnly
          ? `${request.method} ${request.routeOptions.url ?? request.url} needs an admin token`
          : `a ${token.role} token may only read (GET, HEAD); ${request.method} needs an admin token`,
      );
    }
  });
}
