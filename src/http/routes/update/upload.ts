import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, type Clock } from '../../../core/index.js';
import type { PackageFiles } from '../../../adapters/node/index.js';
import { newId } from '../../../adapters/node/index.js';
import type { UpdateRepository } from '../../../update/index.js';
import { api } from '../../api/schema.js';
import { acceptOctetStream, receivePackageUpload } from '../packages.js';
import { notFound } from './catalog.js';
import * as S from './schemas.js';

/**
 * `POST /api/v1/apps/:appId/packages/upload?version=&arch=&filename=[&description=]`
 * with the payload as `application/octet-stream`: the file is streamed into the
 * data dir (hashed while written, renamed into place when complete, at most
 * `maxBytes`), then the package is created with those hashes and no URL, so
 * `hull serve` hosts it (`/packages/<id>/<filename>`). Admin only.
 */
export function uploadRoutes(
  app: FastifyInstance,
  repo: UpdateRepository,
  files: PackageFiles,
  clock: Clock,
  maxBytes: number,
): void {
  void app.register(async (scope) => {
    acceptOctetStream(scope);
    const Query = Type.Object(
      {
        version: S.VersionText,
        arch: S.PackageArchEnum,
        filename: Type.String({ minLength: 1, maxLength: 255, default: 'flatcar_production_update.gz' }),
        description: Type.Optional(Type.String({ maxLength: 2000 })),
      },
      { additionalProperties: false },
    );
    api(scope).post(
      '/api/v1/apps/:appId/packages/upload',
      {
        schema: {
          tags: ['update'],
          summary: 'Upload a payload file (application/octet-stream); creates a package hosted by this server',
          params: S.AppParams,
          querystring: Query,
          response: { 201: S.Package },
        },
      },
      async (req, reply) => {
        const a = (await repo.findApp(req.params.appId)) ?? notFound(`no application ${req.params.appId}`);
        const q = req.query;
        const filename = q.filename ?? 'flatcar_production_update.gz';
        const taken = (await repo.listPackages(a.id)).find((p) => p.version === q.version && p.arch === q.arch);
        if (taken)
          throw new AppError(
            'CONFLICT',
            `application ${a.name} has a package ${q.version} for ${q.arch} already (${taken.id})`,
          );
        const id = newId();
        const file = await receivePackageUpload(req, files, id, filename, maxBytes);
        try {
          const pkg = await repo.createPackage(
            {
              id,
              appId: a.id,
              version: q.version,
              arch: q.arch,
              url: null,
              filename,
              size: file.size,
              sha1: file.sha1Base64,
              sha256Hex: file.sha256Hex,
              action: {
                sha256: file.sha256Base64,
                disablePayloadBackoff: true,
                isDelta: false,
                maxFailureCountPerUrl: null,
              },
              ...(q.description !== undefined ? { description: q.description } : {}),
            },
            clock.now().toISOString(),
          );
          req.log.info(
            { package: pkg.id, version: pkg.version, size: pkg.size, by: req.token?.id },
            'package uploaded',
          );
          return reply.status(201).send(pkg);
        } catch (err) {
          await files.remove(id);
          throw err;
        }
      },
    );
  });
}
