import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../../core/index.js';
import type { UpdateRepository } from '../../../update/index.js';
import type { PackageFiles } from '../../../adapters/node/index.js';
import { catalogRoutes } from './catalog.js';
import { fleetRoutes } from './fleet.js';
import { groupRoutes } from './groups.js';

/** The update service's management API under /api/v1 (docs/update-server.md "Management API"). */
export function updateApiRoutes(
  app: FastifyInstance,
  repo: UpdateRepository,
  clock: Clock,
  files?: PackageFiles,
): void {
  catalogRoutes(app, repo, clock, files);
  groupRoutes(app, repo, clock);
  fleetRoutes(app, repo);
}
