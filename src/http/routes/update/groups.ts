import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, type Clock } from '../../../core/index.js';
import {
  DEFAULT_POLICY,
  groupTarget,
  policyCounts,
  haltByHand,
  isTimeZone,
  pin,
  resume,
  stage,
  stagedPercentAt,
  timelineInstants,
  versionTimeline,
  type Group,
  type GroupPolicy,
  type UpdateRepository,
} from '../../../update/index.js';
import { api } from '../../api/schema.js';
import { notFound } from './catalog.js';
import * as S from './schemas.js';

/**
 * Groups and their rollouts: /api/v1/apps/:appId/groups[/:groupId], and under a group
 * `version-breakdown`, `version-history`, `rollout` (state), `rollout/halt`, `rollout/resume`, `rollout/pin`, `rollout/staged`.
 */
export function groupRoutes(app: FastifyInstance, repo: UpdateRepository, clock: Clock): void {
  const r = api(app);
  const tags = ['update'];
  const now = () => clock.now().toISOString();
  const mustGroup = async (appId: string, groupId: string): Promise<Group> => {
    const a = (await repo.findApp(appId)) ?? notFound(`no application ${appId}`);
    const g = await repo.getGroup(groupId);
    return g && g.appId === a.id ? g : notFound(`no group ${groupId} in application ${appId}`);
  };
  const checkGroup = async (
    appId: string,
    channelId: string | null | undefined,
    policy: Partial<GroupPolicy> | undefined,
  ): Promise<void> => {
    if (channelId) {
      const c = await repo.getChannel(channelId);
      if (!c || c.appId !== appId) throw invalid('$.channelId', `no channel ${channelId} in the application`);
    }
    if (policy?.timezone !== undefined && !isTimeZone(policy.timezone))
      throw invalid('$.policy.timezone', `unknown time zone ${policy.timezone}`);
    if (policy?.pin) {
      const p = await repo.getPackage(policy.pin.packageId);
      if (!p || p.appId !== appId)
        throw invalid('$.policy.pin.packageId', `no package ${policy.pin.packageId} in the application`);
    }
  };

  r.get(
    '/api/v1/apps/:appId/groups',
    { schema: { tags, summary: 'List groups', params: S.AppParams, response: { 200: S.Items(S.Group) } } },
    async (req) => {
      const a = (await repo.findApp(req.params.appId)) ?? notFound(`no application ${req.params.appId}`);
      return { items: await repo.listGroups(a.id) };
    },
  );
  r.post(
    '/api/v1/apps/:appId/groups',
    {
      schema: {
        tags,
        summary: 'Create a group (policy fields not given take the defaults)',
        params: S.AppParams,
        body: S.NewGroup,
        response: { 201: S.Group },
      },
    },
    async (req, reply) => {
      const a = (await repo.findApp(req.params.appId)) ?? notFound(`no application ${req.params.appId}`);
      await checkGroup(a.id, req.body.channelId, req.body.policy as Partial<GroupPolicy> | undefined);
      const policy = mergePolicy(DEFAULT_POLICY, req.body.policy);
      return reply.status(201).send(await repo.createGroup({ ...req.body, appId: a.id, policy }, now()));
    },
  );
  r.get(
    '/api/v1/apps/:appId/groups/:groupId',
    { schema: { tags, summary: 'One group', params: S.GroupParams, response: { 200: S.Group } } },
    async (req) => mustGroup(req.params.appId, req.params.groupId),
  );
  r.patch(
    '/api/v1/apps/:appId/groups/:groupId',
    {
      schema: {
        tags,
        summary: 'Change a group or its policy (only the fields given)',
        params: S.GroupParams,
        body: S.GroupPatch,
        response: { 200: S.Group },
      },
    },
    async (req) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      await checkGroup(g.appId, req.body.channelId, req.body.policy as Partial<GroupPolicy> | undefined);
      const { policy, ...rest } = req.body;
      return (
        (await repo.updateGroup(g.id, { ...rest, ...(policy ? { policy: mergePolicy(g.policy, policy) } : {}) })) ??
        notFound(`no group ${g.id}`)
      );
    },
  );
  r.delete(
    '/api/v1/apps/:appId/groups/:groupId',
    {
      schema: {
        tags,
        summary: "Delete a group and its machines' states",
        params: S.GroupParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      await repo.deleteGroup(g.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/apps/:appId/groups/:groupId/version-breakdown',
    {
      schema: {
        tags,
        summary: 'Machines per running version',
        params: S.GroupParams,
        response: {
          200: S.Items(Type.Object({ version: Type.String(), instances: Type.Integer(), percent: Type.Number() })),
        },
      },
    },
    async (req) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      const rows = await repo.versionBreakdown(g.id);
      const total = rows.reduce((n, x) => n + x.instances, 0);
      return {
        items: rows.map((x) => ({ ...x, percent: total === 0 ? 0 : Math.round((x.instances / total) * 10000) / 100 })),
      };
    },
  );

  const HistoryQuery = Type.Object(
    {
      from: Type.Optional(
        Type.String({
          format: 'date-time',
          description: "default: the group's first machine's first check-in, at most 30 days back",
        }),
      ),
      to: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
      points: Type.Optional(Type.Integer({ minimum: 2, maximum: 500, default: 48 })),
    },
    { additionalProperties: false },
  );
  r.get(
    '/api/v1/apps/:appId/groups/:groupId/version-history',
    {
      schema: {
        tags,
        summary:
          "Machines per running version and per status over time, from the machines' recorded reports (status changes, Omaha events, their last check)",
        params: S.GroupParams,
        querystring: HistoryQuery,
        response: {
          200: Type.Object({
            versions: Type.Array(Type.String(), { description: 'oldest first' }),
            statuses: Type.Array(Type.String(), {
              description: "the machines' statuses (as in /api/v1/instances), in the update flow's order",
            }),
            points: Type.Array(
              Type.Object({
                at: Type.String(),
                counts: Type.Array(Type.Integer(), { description: 'machines per version, in the order of versions' }),
                statusCounts: Type.Array(Type.Integer(), {
                  description: 'machines per status, in the order of statuses',
                }),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      const data = await repo.versionReports(g.id);
      const to = req.query.to !== undefined ? new Date(req.query.to) : clock.now();
      const first = data.machines.reduce((t, m) => Math.min(t, Date.parse(m.createdAt)), Infinity);
      const from =
        req.query.from !== undefined
          ? new Date(req.query.from)
          : new Date(
              Math.max(Number.isFinite(first) ? first : to.getTime() - 86_400_000, to.getTime() - 30 * 86_400_000),
            );
      if (from.getTime() > to.getTime())
        throw new AppError('REQUEST_INVALID', 'from is after to', {
          details: [{ path: '$.from', message: 'from is after to', in: 'querystring' }],
        });
      return versionTimeline(data, timelineInstants(from, to, req.query.points ?? 48));
    },
  );

  const RolloutState = Type.Object({
    group: S.Group,
    targetVersion: Type.Union([Type.String(), Type.Null()]),
    stagedPercentNow: Type.Number(),
    stats: Type.Object({
      grantedInPeriod: Type.Integer(),
      inProgress: Type.Integer(),
      timedOut: Type.Integer(),
      attemptedCurrent: Type.Integer(),
    }),
    haltSample: Type.Object({ granted: Type.Integer(), failed: Type.Integer(), rolledBack: Type.Integer() }),
  });
  r.get(
    '/api/v1/apps/:appId/groups/:groupId/rollout',
    {
      schema: {
        tags,
        summary: "The group's rollout: target, staged share now, the policy's counts, the auto-halt sample",
        params: S.GroupParams,
        response: { 200: RolloutState },
      },
    },
    async (req) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      const t = clock.now();
      const channel = g.channelId ? await repo.getChannel(g.channelId) : undefined;
      const pkgs = new Map((await repo.listPackages(g.appId)).map((p) => [p.id, p]));
      const target = groupTarget(g, channel, (id) => pkgs.get(id));
      const { stats, haltSample } = await policyCounts(repo, g, target?.version ?? '', t);
      return {
        group: g,
        targetVersion: target?.version ?? null,
        stagedPercentNow: stagedPercentAt(g.policy.staged, t),
        stats,
        haltSample,
      };
    },
  );
  r.post(
    '/api/v1/apps/:appId/groups/:groupId/rollout/halt',
    {
      schema: {
        tags,
        summary: 'Halt the rollout: the group grants nothing until resumed',
        params: S.GroupParams,
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: S.Group },
      },
    },
    async (req) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      return haltByHand(repo, g.id, req.body.reason ?? '', now());
    },
  );
  r.post(
    '/api/v1/apps/:appId/groups/:groupId/rollout/resume',
    { schema: { tags, summary: 'Resume a halted rollout', params: S.GroupParams, response: { 200: S.Group } } },
    async (req) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      return resume(repo, g.id, now());
    },
  );
  r.put(
    '/api/v1/apps/:appId/groups/:groupId/rollout/pin',
    {
      schema: {
        tags,
        summary: 'Pin the group to a package; allowDowngrade lets newer machines go back to it',
        params: S.GroupParams,
        body: Type.Object(
          {
            packageId: Type.String({ minLength: 1, maxLength: 200 }),
            allowDowngrade: Type.Boolean({ default: false }),
          },
          { additionalProperties: false },
        ),
        response: { 200: S.Group },
      },
    },
    async (req) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      return pin(
        repo,
        g.id,
        { packageId: req.body.packageId, allowDowngrade: req.body.allowDowngrade ?? false },
        now(),
      );
    },
  );
  r.delete(
    '/api/v1/apps/:appId/groups/:groupId/rollout/pin',
    { schema: { tags, summary: 'Unpin: follow the channel again', params: S.GroupParams, response: { 200: S.Group } } },
    async (req) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      return pin(repo, g.id, null, now());
    },
  );
  r.put(
    '/api/v1/apps/:appId/groups/:groupId/rollout/staged',
    {
      schema: {
        tags,
        summary:
          'Set the staged share: percent now, optionally rising linearly to 100 over durationSeconds from startAt (default now)',
        params: S.GroupParams,
        body: Type.Object(
          {
            percent: Type.Number({ minimum: 0, maximum: 100 }),
            durationSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 31_536_000 })),
            startAt: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: S.Group },
      },
    },
    async (req) => {
      const g = await mustGroup(req.params.appId, req.params.groupId);
      const b = req.body;
      const schedule =
        b.durationSeconds !== undefined ? { startAt: b.startAt ?? now(), durationSeconds: b.durationSeconds } : null;
      return stage(repo, g.id, b.percent, schedule, now());
    },
  );
}

/** A policy with the given fields changed (autoHalt and staged merged field by field). */
export function mergePolicy(base: GroupPolicy, patch: Record<string, unknown> | undefined): GroupPolicy {
  if (!patch) return base;
  const p = patch as Partial<GroupPolicy>;
  return {
    ...base,
    ...p,
    autoHalt: { ...base.autoHalt, ...(p.autoHalt ?? {}) },
    staged: p.staged ?? base.staged,
  };
}

function invalid(path: string, message: string): AppError {
  return new AppError('REQUEST_INVALID', message, { details: [{ path, message, in: 'body' }] });
}
