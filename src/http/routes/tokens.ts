import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  AppError,
  TOKEN_NAME_MAX_LENGTH,
  TOKEN_ROLES,
  type TokenInfo,
  type TokenRepository,
} from '../../core/index.js';
import { api, IdParams, Nullable, StringEnum } from '../api/index.js';

const Token = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: StringEnum(TOKEN_ROLES),
  prefix: Type.String({ description: 'the first characters of the secret, to recognise it' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});

const NewTokenBody = Type.Object(
  {
    role: StringEnum(TOKEN_ROLES, { description: 'admin: everything; viewer: GET and HEAD only' }),
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: TOKEN_NAME_MAX_LENGTH, description: 'what the token is for' }),
    ),
  },
  { additionalProperties: false },
);

const CreatedToken = Type.Composite([
  Token,
  Type.Object({ secret: Type.String({ description: 'the token: shown this once, never again' }) }),
]);

const tokenJson = (t: TokenInfo) => ({ ...t });

/**
 * GET /api/v1/whoami (any valid token): the caller's own token.
 * The management API's tokens (admin only, GET too):
 * GET /api/v1/tokens, POST /api/v1/tokens {role, name?} → 201 with the secret once,
 * DELETE /api/v1/tokens/:id (revokes; the row stays, listed with revokedAt).
 */
export function tokenRoutes(app: FastifyInstance, tokens: TokenRepository): void {
  const r = api(app);
  r.get(
    '/api/v1/whoami',
    {
      schema: {
        tags: ['tokens'],
        summary: 'The token this request was made with (any role)',
        response: { 200: Token },
      },
    },
    async (request) => {
      if (request.token === null) throw new AppError('INTERNAL', 'whoami without a token');
      return tokenJson(request.token);
    },
  );
  r.get(
    '/api/v1/tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'List the tokens (never their secrets)',
        response: { 200: Type.Object({ items: Type.Array(Token) }) },
      },
    },
    async () => ({ items: (await tokens.list()).map(tokenJson) }),
  );
  r.post(
    '/api/v1/tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Create a token; the answer holds its secret, once',
        body: NewTokenBody,
        response: { 201: CreatedToken },
      },
    },
    async (request, reply) => {
      const { role, name } = request.body;
      const created = await tokens.create(name === undefined ? { role } : { role, name });
      request.log.info({ id: created.token.id, role, by: request.token?.id }, 'token created');
      return reply.status(201).send({ ...created.token, secret: created.secret });
    },
  );
  r.delete(
    '/api/v1/tokens/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token (it stays listed, with revokedAt)',
        params: IdParams,
        response: { 200: Token },
      },
    },
    async (request) => {
      const revoked = await tokens.revoke(request.params.id);
      if (revoked === undefined) throw new AppError('NOT_FOUND', `no token with id ${request.params.id}`);
      request.log.info({ id: revoked.id, by: request.token?.id }, 'token revoked');
      return tokenJson(revoked);
    },
  );
}
