import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, toAppError } from '../core/index.js';
import { requestInvalid, type RequestPart, type SchemaProblem } from './api/validation.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Maps every failure to `{error: {code, message, details?}}` with the status
 * from the AppError table; `details` is the AppError's when it has them (a
 * schema failure: REQUEST_INVALID with one `{path, message, in}` per problem).
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    let appErr: AppError;
    if (err instanceof AppError) appErr = err;
    else if (err.statusCode === 413) {
      appErr = new AppError(
        'PAYLOAD_TOO_LARGE',
        `the request body is larger than this route accepts (${request.routeOptions.bodyLimit ?? 'its limit'} bytes)`,
      );
      // Fastify asks to close the connection, which resets it while the client is still sending the
      // body, so many clients (Node's http, browsers) report a write error instead of this answer.
      // Without it, Node reads the rest of the body and discards it, and the connection stays usable.
      reply.removeHeader('connection');
    } else if (err.statusCode === 415) {
      const type = request.headers['content-type'];
      appErr = new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${type === undefined ? 'a body without a Content-Type' : `Content-Type ${type}`} is not accepted by ${request.method} ${request.url}; send application/json`,
      );
    } else if (err.validation)
      appErr = requestInvalid(
        err.validation as readonly SchemaProblem[],
        (err.validationContext ?? 'body') as RequestPart,
      );
    else if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      appErr = new AppError('USAGE', err.message);
    } else appErr = toAppError(err);
    if (appErr.httpStatus >= 500) request.log.error({ err, code: appErr.code }, appErr.message);
    const body: ErrorBody = {
      error: {
        code: appErr.code,
        message: appErr.message,
        ...(appErr.details === undefined ? {} : { details: appErr.details }),
      },
    };
    return reply.status(appErr.httpStatus).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `no route for ${request.method} ${request.url}` } };
    return reply.status(404).send(body);
  });
}

/**
 * Fastify's own refusals before routing (a URL that is not valid
 * percent-encoding, a bad Content-Type header) bypass the error handler;
 * `frameworkErrors` (app.ts) answers them with this body, as USAGE.
 */
export function frameworkErrorBody(err: Error): ErrorBody {
  return { error: { code: 'USAGE', message: err.message } };
}
