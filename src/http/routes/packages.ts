import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PackageFiles, ReceivedFile } from '../../adapters/node/index.js';
import { AppError } from '../../core/index.js';
import { CONDITIONAL_HEADERS, evaluateConditions } from '../download-conditions.js';
import type { ErrorBody } from '../error-handler.js';

/** The content type of every upload and download of a payload file. */
export const PACKAGE_CONTENT_TYPE = 'application/octet-stream';

/**
 * Stored files may be replaced (an upload with `replace`), so caches must
 * revalidate; the strong ETag makes that a 304.
 */
const CACHE_CONTROL = 'public, no-cache';

interface FileParams {
  packageId: string;
  filename: string;
}

/**
 * The URL path of a hosted file, the name percent-encoded: what an Omaha
 * response's codebase (`…/packages/<id>/`) plus package name must add up to.
 */
export const packageFilePath = (packageId: string, filename: string): string =>
  `/packages/${packageId}/${encodeURIComponent(filename)}`;

const notFound = (reply: FastifyReply, url: string) => {
  const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `no package file at ${url}` } };
  return reply.status(404).send(body);
};

/**
 * GET and HEAD /packages/<package-id>/<filename>: the hosted payload files,
 * open (no token: update_engine fetches without credentials), with
 * Range, a strong ETag, Last-Modified and conditional requests; streamed by
 * @fastify/static's `send` (docs/update-server.md, Hosted packages; D25).
 * Only a file the store names (`files.stat`: a valid id and file name, a
 * regular file, no symbolic link, never a `.upload-*` temporary file) is
 * handed to `send`; anything else is a JSON 404.
 */
export async function packageRoutes(app: FastifyInstance, files: PackageFiles): Promise<void> {
  await app.register(async (scope) => {
    // serve: false: no route of the plugin's own, only reply.sendFile, confined to the store's root.
    await scope.register(fastifyStatic, { root: files.root, serve: false, decorateReply: true });
    // `send` answers an unsatisfiable Range with an error of status 416 and a Content-Range header.
    scope.setErrorHandler((err: FastifyError & { headers?: Record<string, string> }, _request, reply) => {
      if (err.statusCode !== 416) throw err;
      const range = err.headers?.['Content-Range'];
      if (range !== undefined) reply.header('content-range', range);
      const body: ErrorBody = {
        error: {
          code: 'RANGE_NOT_SATISFIABLE',
          message: `the Range lies outside the file (${range ?? 'its size is unknown'})`,
        },
      };
      return reply.status(416).send(body);
    });
    scope.get<{ Params: FileParams }>('/packages/:packageId/:filename', async (request, reply) => {
      const { packageId, filename } = request.params;
      const file = await files.stat(packageId, filename);
      if (file === undefined) return notFound(reply, request.url.split('?')[0]!);
      const lastModified = file.mtime.toUTCString();
      reply
        .header('etag', file.etag)
        .header('last-modified', lastModified)
        .header('accept-ranges', 'bytes')
        .header('cache-control', CACHE_CONTROL);
      const outcome = evaluateConditions(request.method, request.headers, file);
      if (outcome.kind === 'precondition-failed')
        throw new AppError(
          'PRECONDITION_FAILED',
          `the file at ${request.url} does not meet If-Match / If-Unmodified-Since`,
        );
      if (outcome.kind === 'not-modified') return reply.status(304).send();
      // Decided here; `send` would judge them against its own weak ETag.
      for (const name of CONDITIONAL_HEADERS) delete request.raw.headers[name];
      reply.type(PACKAGE_CONTENT_TYPE);
      return reply.sendFile(file.path, files.root, {
        acceptRanges: outcome.ranges,
        etag: false,
        lastModified: false,
        cacheControl: false,
        contentType: false,
        dotfiles: 'deny',
        index: false,
      });
    });
  });
}

/**
 * Leaves a request body of Content-Type application/octet-stream unread, for
 * `receivePackageUpload` to stream. Register it in the scope (plugin) of the
 * upload route only: every other route keeps answering 415 for that type.
 */
export function acceptOctetStream(scope: FastifyInstance): void {
  scope.addContentTypeParser(PACKAGE_CONTENT_TYPE, (_request, payload, done) => done(null, payload));
}

/**
 * Streams the request's body (application/octet-stream, left unread by
 * `acceptOctetStream`) into the store as `<packageId>/<filename>`, hashed as
 * it is written. A declared Content-Length over `maxBytes` is
 * PAYLOAD_TOO_LARGE before a byte is read; so is a body that grows past it.
 * On any refusal the rest of the body is read and discarded, so the client
 * receives the answer and the connection stays usable (bounded by the
 * server's request timeout). Errors: REQUEST_INVALID (id, name),
 * UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE, CONFLICT (exists, no `replace`),
 * IO_FAILED; a client gone mid-body leaves nothing behind.
 */
export async function receivePackageUpload(
  request: FastifyRequest,
  files: PackageFiles,
  packageId: string,
  filename: string,
  maxBytes: number,
  opts: { readonly replace?: boolean } = {},
): Promise<ReceivedFile> {
  const raw = request.raw;
  try {
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type !== PACKAGE_CONTENT_TYPE) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `a package file is uploaded as ${PACKAGE_CONTENT_TYPE}, not ${type ?? 'a body without a Content-Type'}`,
      );
    }
    const declared = request.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `the file (Content-Length ${declared}) is larger than the limit of ${maxBytes} bytes`,
      );
    }
    // Not destroyed on an early stop: the rest is discarded below instead of resetting the connection.
    return await files.receive(packageId, filename, raw.iterator({ destroyOnReturn: false }), {
      maxBytes,
      replace: opts.replace ?? false,
    });
  } catch (err) {
    if (!raw.readableEnded && !raw.destroyed) raw.resume();
    throw err;
  }
}
