import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/index.js';
import { buildGraph, FLATCAR_APP_ID, resolveWariness, type Arch, type UpdateRepository } from '../../update/index.js';

const BASEARCH: Readonly<Record<string, Arch>> = {
  x86_64: 'amd64',
  amd64: 'amd64',
  aarch64: 'aarch64',
  arm64: 'aarch64',
  x86: 'x86',
  i686: 'x86',
};

interface GraphQuery {
  basearch?: string;
  stream?: string;
  group?: string;
  node_uuid?: string;
  rollout_wariness?: string;
  app?: string;
}

/**
 * `GET /v1/graph`: the Cincinnati update graph Zincati asks for (docs/update-server.md
 * "Cincinnati graph"). Open, like the Omaha endpoint. `stream` is a channel name,
 * `basearch` its arch (`x86_64`, `aarch64`), `group` a group's track (optional: without
 * it the channel alone decides), `app` an application id or product id (default: Flatcar).
 * Errors are Cincinnati's `{"kind", "value"}` with status 400 or 404.
 */
export function cincinnatiRoutes(app: FastifyInstance, repo: UpdateRepository, clock: Clock): void {
  app.get<{ Querystring: GraphQuery }>('/v1/graph', async (request, reply) => {
    const q = request.query;
    const bad = (status: number, kind: string, value: string) => reply.status(status).send({ kind, value });
    for (const [k, v] of Object.entries(q)) {
      if (typeof v !== 'string' || v.length > 256)
        return bad(400, 'invalid_params', `parameter ${k} must be one string of at most 256 characters`);
    }
    const arch = q.basearch !== undefined ? BASEARCH[q.basearch] : undefined;
    if (!arch) return bad(400, 'invalid_params', `basearch must be one of ${Object.keys(BASEARCH).join(', ')}`);
    if (!q.stream) return bad(400, 'invalid_params', 'stream is required (a channel name, e.g. stable)');
    const application = await repo.findApp(q.app ?? FLATCAR_APP_ID);
    if (!application) return bad(404, 'unknown_app', `no application ${q.app ?? FLATCAR_APP_ID}`);
    const channel = (await repo.listChannels(application.id)).find((c) => c.name === q.stream && c.arch === arch);
    if (!channel) return bad(404, 'unknown_stream', `no channel ${q.stream} for ${q.basearch}`);
    const group = q.group ? await repo.findGroupByTrack(application.id, q.group, arch) : undefined;
    const graph = buildGraph({
      now: clock.now(),
      arch,
      channel,
      group: group && group.channelId === channel.id ? group : undefined,
      packages: await repo.listPackages(application.id),
      floors: await repo.listFloors(channel.id),
      wariness: resolveWariness(q.rollout_wariness, q.node_uuid),
    });
    return reply.header('cache-control', 'no-store').send(graph);
  });
}
