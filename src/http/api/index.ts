/**
 * The management API's framework (docs/server.md#the-api-framework): request
 * schemas in TypeBox validated by fastify's ajv (REQUEST_INVALID with
 * details), bearer-token access by role, and the OpenAPI document built from
 * the same schemas. Route files use `api(app)`, `config: { access }` and the
 * schema helpers; `buildApp` installs it before any route.
 */
import type { FastifyInstance } from 'fastify';
import type { TokenRepository } from '../../core/index.js';
import { installAccess } from './access.js';
import { installOpenApi } from './openapi.js';
import { installValidation } from './validation.js';

export { API_PREFIX, needsToken, type Access } from './access.js';
export { OPENAPI_PATH } from './openapi.js';
export { AJV_OPTIONS, problemDetail, requestInvalid, type ProblemDetail, type RequestPart } from './validation.js';
export { api, ErrorBodySchema, IdParams, Nullable, StringEnum, type TypeBoxProvider } from './schema.js';

/** Installs validation, access and the OpenAPI document on `app`; call before registering any route. */
export async function installApi(app: FastifyInstance, tokens: TokenRepository, version: string): Promise<void> {
  installValidation(app);
  installAccess(app, tokens);
  await installOpenApi(app, version);
}
