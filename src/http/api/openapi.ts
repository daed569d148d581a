import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { API_PREFIX } from './access.js';
import { ErrorBodySchema } from './schema.js';

export const OPENAPI_PATH = '/api/v1/openapi.json';
const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' };

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

type OperationAccess = 'public' | 'admin' | 'token';

/** Each API operation's documented failures, added to what its schema says. */
function failures(access: OperationAccess, hasInput: boolean): Record<string, unknown> {
  return {
    ...(hasInput
      ? { 400: errorResponse('REQUEST_INVALID: the request does not match the schema; `details` says where') }
      : {}),
    ...(access === 'public'
      ? {}
      : { 401: errorResponse('UNAUTHORIZED: no bearer token, or an unknown or revoked one') }),
    ...(access === 'public'
      ? {}
      : {
          403: errorResponse(
            access === 'admin' ? 'FORBIDDEN: needs an admin token' : 'FORBIDDEN: a viewer token may only read',
          ),
        }),
  };
}

/** `/api/v1/tokens/:id` as OpenAPI writes it: `/api/v1/tokens/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

interface Operation {
  responses?: Record<string, unknown>;
  parameters?: unknown[];
  requestBody?: unknown;
}

/**
 * Registers @fastify/swagger (before any route: it collects them as they are
 * added) and serves the OpenAPI 3.1 document of every `/api/v1/` route at
 * GET /api/v1/openapi.json, built from the routes' own schemas: the bearer
 * security scheme on every route but the public ones, and the error answers
 * (400, 401, 403) in the `{error: {code, message, details}}` shape.
 */
export async function installOpenApi(app: FastifyInstance, version: string): Promise<void> {
  const accessOf = new Map<string, OperationAccess>();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hull management API',
        version,
        description: 'The management API of `hull serve` (docs/update-server.md). Tokens: `hull token create`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A Hull token, `hull_…`; role admin or viewer' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const base: FastifySchema = schema ?? {};
      if (!url.startsWith(API_PREFIX) || route.method === 'HEAD') return { schema: { ...base, hide: true }, url };
      const access: OperationAccess = route.config?.access ?? 'token';
      for (const m of Array.isArray(route.method) ? route.method : [route.method])
        accessOf.set(`${m.toLowerCase()} ${openApiPath(url)}`, access);
      const description =
        access === 'admin' ? `${base.description ?? ''}\n\nNeeds an admin token.`.trim() : base.description;
      return {
        schema: {
          ...base,
          security: access === 'public' ? [] : [{ bearer: [] }],
          ...(description === undefined ? {} : { description }),
        },
        url,
      };
    },
    transformObject: (documentObject) => {
      const doc = (documentObject as { openapiObject: Record<string, unknown> }).openapiObject as {
        components?: { schemas?: Record<string, unknown> };
        paths?: Record<string, Record<string, Operation>>;
      };
      doc.components = {
        ...doc.components,
        schemas: { ...doc.components?.schemas, ErrorBody: plainJson(ErrorBodySchema) },
      };
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        for (const [method, op] of Object.entries(item)) {
          const hasInput = op.requestBody !== undefined || (op.parameters?.length ?? 0) > 0;
          op.responses = { ...failures(accessOf.get(`${method} ${path}`) ?? 'token', hasInput), ...op.responses };
        }
      }
      return doc;
    },
  });
  app.get(
    OPENAPI_PATH,
    { config: { access: 'public' }, schema: { summary: 'This OpenAPI document', tags: ['meta'] } },
    async () => app.swagger(),
  );
}

/** A TypeBox schema as plain JSON (without its symbols). */
function plainJson(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema));
}
