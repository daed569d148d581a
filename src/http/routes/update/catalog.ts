import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, type Clock } from '../../../core/index.js';
import { ActivityClass, Severity, type Channel, type Package, type UpdateRepository } from '../../../update/index.js';
import type { PackageFiles } from '../../../adapters/node/index.js';
import { api } from '../../api/schema.js';
import * as S from './schemas.js';

/**
 * Applications, packages, channels and floors:
 * /api/v1/apps[/:appId], /api/v1/apps/:appId/packages[/:packageId],
 * /api/v1/apps/:appId/channels[/:channelId], /api/v1/apps/:appId/channels/:channelId/floors[/:packageId].
 * Reads need a viewer token, changes an admin one (src/http/api/access.ts).
 */
export function catalogRoutes(app: FastifyInstance, repo: UpdateRepository, clock: Clock, files?: PackageFiles): void {
  const r = api(app);
  const tags = ['update'];
  const now = () => clock.now().toISOString();
  const mustApp = async (id: string) => (await repo.findApp(id)) ?? notFound(`no application ${id}`);
  const mustPackage = async (appId: string, id: string): Promise<Package> => {
    const p = await repo.getPackage(id);
    return p && p.appId === appId ? p : notFound(`no package ${id} in application ${appId}`);
  };
  const mustChannel = async (appId: string, id: string): Promise<Channel> => {
    const c = await repo.getChannel(id);
    return c && c.appId === appId ? c : notFound(`no channel ${id} in application ${appId}`);
  };

  r.get(
    '/api/v1/apps',
    { schema: { tags, summary: 'List applications', response: { 200: S.Items(S.App) } } },
    async () => ({ items: await repo.listApps() }),
  );
  r.post(
    '/api/v1/apps',
    { schema: { tags, summary: 'Create an application', body: S.NewApp, response: { 201: S.App } } },
    async (req, reply) => reply.status(201).send(await repo.createApp(req.body, now())),
  );
  r.get(
    '/api/v1/apps/:appId',
    {
      schema: { tags, summary: 'One application (by id or product id)', params: S.AppParams, response: { 200: S.App } },
    },
    async (req) => mustApp(req.params.appId),
  );
  r.patch(
    '/api/v1/apps/:appId',
    {
      schema: {
        tags,
        summary: 'Change an application',
        params: S.AppParams,
        body: S.AppPatch,
        response: { 200: S.App },
      },
    },
    async (req) => {
      const a = await mustApp(req.params.appId);
      return (await repo.updateApp(a.id, req.body)) ?? notFound(`no application ${a.id}`);
    },
  );
  r.delete(
    '/api/v1/apps/:appId',
    {
      schema: {
        tags,
        summary: 'Delete an application with everything in it',
        params: S.AppParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const a = await mustApp(req.params.appId);
      await repo.deleteApp(a.id);
      return reply.status(204).send(null);
    },
  );

  // ---- packages
  r.get(
    '/api/v1/apps/:appId/packages',
    {
      schema: {
        tags,
        summary: 'List packages, newest first',
        params: S.AppParams,
        response: { 200: S.Items(S.Package) },
      },
    },
    async (req) => {
      const a = await mustApp(req.params.appId);
      return { items: await repo.listPackages(a.id) };
    },
  );
  r.post(
    '/api/v1/apps/:appId/packages',
    {
      schema: {
        tags,
        summary: 'Register a package hosted elsewhere (url = its codebase)',
        params: S.AppParams,
        body: S.NewPackage,
        response: { 201: S.Package },
      },
    },
    async (req, reply) => {
      const a = await mustApp(req.params.appId);
      const b = req.body;
      const url = b.url.endsWith('/') ? b.url : `${b.url}/`;
      const action = {
        sha256: b.action?.sha256 ?? Buffer.from(b.sha256Hex, 'hex').toString('base64'),
        disablePayloadBackoff: b.action?.disablePayloadBackoff ?? true,
        isDelta: b.action?.isDelta ?? false,
        maxFailureCountPerUrl: b.action?.maxFailureCountPerUrl ?? null,
      };
      if (Buffer.from(action.sha256, 'base64').toString('hex') !== b.sha256Hex) {
        throw new AppError('REQUEST_INVALID', 'action.sha256 (base64) and sha256Hex name different digests', {
          details: [{ path: '$.action.sha256', message: 'differs from sha256Hex', in: 'body' }],
        });
      }
      await checkChannels(repo, a.id, b.blacklistChannelIds ?? []);
      const pkg = await repo.createPackage(
        {
          ...b,
          appId: a.id,
          url,
          action,
          extraFiles: b.extraFiles ?? [],
          blacklistChannelIds: b.blacklistChannelIds ?? [],
        },
        now(),
      );
      return reply.status(201).send(pkg);
    },
  );
  r.get(
    '/api/v1/apps/:appId/packages/:packageId',
    { schema: { tags, summary: 'One package', params: S.PackageParams, response: { 200: S.Package } } },
    async (req) => {
      const a = await mustApp(req.params.appId);
      return mustPackage(a.id, req.params.packageId);
    },
  );
  r.patch(
    '/api/v1/apps/:appId/packages/:packageId',
    {
      schema: {
        tags,
        summary: 'Change a package: description, blacklist, extension files, action flags',
        params: S.PackageParams,
        body: S.PackagePatch,
        response: { 200: S.Package },
      },
    },
    async (req) => {
      const a = await mustApp(req.params.appId);
      const p = await mustPackage(a.id, req.params.packageId);
      if (req.body.blacklistChannelIds) {
        await checkChannels(repo, a.id, req.body.blacklistChannelIds);
        const pointing = (await repo.listChannels(a.id)).find(
          (c) => c.packageId === p.id && req.body.blacklistChannelIds!.includes(c.id),
        );
        if (pointing)
          throw new AppError(
            'CONFLICT',
            `channel ${pointing.name} (${pointing.arch}) points at this package; point it elsewhere before blacklisting it there`,
          );
      }
      const { action, ...rest } = req.body;
      return (
        (await repo.updatePackage(p.id, { ...rest, ...(action ? { action: { ...p.action, ...action } } : {}) })) ??
        notFound(`no package ${p.id}`)
      );
    },
  );
  r.delete(
    '/api/v1/apps/:appId/packages/:packageId',
    {
      schema: {
        tags,
        summary: 'Delete a package (refused while a channel, floor or pin uses it)',
        params: S.PackageParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const a = await mustApp(req.params.appId);
      const p = await mustPackage(a.id, req.params.packageId);
      await repo.deletePackage(p.id);
      if (p.url === null && files) await files.remove(p.id);
      return reply.status(204).send(null);
    },
  );

  // ---- channels
  r.get(
    '/api/v1/apps/:appId/channels',
    { schema: { tags, summary: 'List channels', params: S.AppParams, response: { 200: S.Items(S.Channel) } } },
    async (req) => {
      const a = await mustApp(req.params.appId);
      return { items: await repo.listChannels(a.id) };
    },
  );
  r.post(
    '/api/v1/apps/:appId/channels',
    {
      schema: {
        tags,
        summary: 'Create a channel',
        params: S.AppParams,
        body: S.NewChannel,
        response: { 201: S.Channel },
      },
    },
    async (req, reply) => {
      const a = await mustApp(req.params.appId);
      if (req.body.packageId)
        await pointable(a.id, req.body.packageId, { id: '', name: req.body.name, arch: req.body.arch });
      return reply.status(201).send(await repo.createChannel({ ...req.body, appId: a.id }, now()));
    },
  );
  r.get(
    '/api/v1/apps/:appId/channels/:channelId',
    { schema: { tags, summary: 'One channel', params: S.ChannelParams, response: { 200: S.Channel } } },
    async (req) => {
      const a = await mustApp(req.params.appId);
      return mustChannel(a.id, req.params.channelId);
    },
  );
  r.patch(
    '/api/v1/apps/:appId/channels/:channelId',
    {
      schema: {
        tags,
        summary: 'Change a channel; a new packageId promotes that package',
        params: S.ChannelParams,
        body: S.ChannelPatch,
        response: { 200: S.Channel },
      },
    },
    async (req) => {
      const a = await mustApp(req.params.appId);
      const c = await mustChannel(a.id, req.params.channelId);
      const to = req.body.packageId;
      const pkg = to ? await pointable(a.id, to, c) : undefined;
      const changed = (await repo.updateChannel(c.id, req.body)) ?? notFound(`no channel ${c.id}`);
      if (to !== undefined && to !== c.packageId) {
        await repo.addActivity({
          class: ActivityClass.ChannelPackageUpdated,
          severity: Severity.Info,
          appId: a.id,
          groupId: null,
          channelId: c.id,
          instanceId: null,
          version: pkg?.version ?? null,
          message: pkg
            ? `channel ${c.name} (${c.arch}) now points at ${pkg.version}`
            : `channel ${c.name} (${c.arch}) points at no package`,
          createdAt: now(),
        });
      }
      return changed;
    },
  );
  r.delete(
    '/api/v1/apps/:appId/channels/:channelId',
    {
      schema: {
        tags,
        summary: 'Delete a channel (refused while a group uses it)',
        params: S.ChannelParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const a = await mustApp(req.params.appId);
      const c = await mustChannel(a.id, req.params.channelId);
      await repo.deleteChannel(c.id);
      return reply.status(204).send(null);
    },
  );

  // ---- floors
  r.get(
    '/api/v1/apps/:appId/channels/:channelId/floors',
    {
      schema: {
        tags,
        summary: "A channel's floors (mandatory intermediate versions)",
        params: S.ChannelParams,
        response: { 200: S.Items(S.Floor) },
      },
    },
    async (req) => {
      const a = await mustApp(req.params.appId);
      const c = await mustChannel(a.id, req.params.channelId);
      return { items: await repo.listFloors(c.id) };
    },
  );
  const FloorParams = Type.Object(
    {
      appId: Type.String({ minLength: 1, maxLength: 200 }),
      channelId: Type.String({ minLength: 1, maxLength: 200 }),
      packageId: Type.String({ minLength: 1, maxLength: 200 }),
    },
    { additionalProperties: false },
  );
  r.put(
    '/api/v1/apps/:appId/channels/:channelId/floors/:packageId',
    {
      schema: {
        tags,
        summary: 'Make a package a floor of the channel',
        params: FloorParams,
        body: S.FloorBody,
        response: { 200: S.Floor },
      },
    },
    async (req) => {
      const a = await mustApp(req.params.appId);
      const c = await mustChannel(a.id, req.params.channelId);
      const p = await mustPackage(a.id, req.params.packageId);
      if (p.arch !== 'all' && p.arch !== c.arch)
        throw new AppError('CONFLICT', `package ${p.version} is for ${p.arch}, channel ${c.name} for ${c.arch}`);
      const floor = { channelId: c.id, packageId: p.id, reason: req.body.reason ?? '' };
      await repo.putFloor(floor);
      return floor;
    },
  );
  r.delete(
    '/api/v1/apps/:appId/channels/:channelId/floors/:packageId',
    { schema: { tags, summary: 'Remove a floor', params: FloorParams, response: { 204: Type.Null() } } },
    async (req, reply) => {
      const a = await mustApp(req.params.appId);
      const c = await mustChannel(a.id, req.params.channelId);
      if (!(await repo.deleteFloor(c.id, req.params.packageId)))
        notFound(`package ${req.params.packageId} is no floor of channel ${c.name}`);
      return reply.status(204).send(null);
    },
  );

  /** A package a channel may point at: the app's, of the channel's arch, not blacklisted there. */
  async function pointable(
    appId: string,
    packageId: string,
    c: Pick<Channel, 'id' | 'name' | 'arch'>,
  ): Promise<Package> {
    const p = await repo.getPackage(packageId);
    if (!p || p.appId !== appId)
      throw new AppError('REQUEST_INVALID', `no package ${packageId} in the application`, {
        details: [{ path: '$.packageId', message: 'no such package in the application', in: 'body' }],
      });
    if (p.arch !== 'all' && p.arch !== c.arch)
      throw new AppError('CONFLICT', `package ${p.version} is for ${p.arch}, channel ${c.name} for ${c.arch}`);
    if (c.id !== '' && p.blacklistChannelIds.includes(c.id))
      throw new AppError('CONFLICT', `package ${p.version} is blacklisted for channel ${c.name}`);
    return p;
  }
}

async function checkChannels(repo: UpdateRepository, appId: string, ids: readonly string[]): Promise<void> {
  const known = new Set((await repo.listChannels(appId)).map((c) => c.id));
  const unknown = ids.findIndex((id) => !known.has(id));
  if (unknown >= 0)
    throw new AppError('REQUEST_INVALID', `no channel ${ids[unknown]} in the application`, {
      details: [{ path: `$.blacklistChannelIds.${unknown}`, message: 'no such channel', in: 'body' }],
    });
}

export function notFound(message: string): never {
  throw new AppError('NOT_FOUND', message);
}
