import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  ActivityClass,
  INSTANCE_STATUS_NAMES,
  Severity,
  type Activity,
  type InstanceApp,
  type InstanceStatus,
  type UpdateRepository,
} from '../../../update/index.js';
import { api, StringEnum } from '../../api/schema.js';
import { notFound } from './catalog.js';
import * as S from './schemas.js';

const STATUS_BY_NAME = new Map(
  Object.entries(INSTANCE_STATUS_NAMES).map(([n, name]) => [name, Number(n) as InstanceStatus]),
);
const CLASS_NAMES = new Map(Object.entries(ActivityClass).map(([name, n]) => [n as number, kebab(name)]));
const SEVERITY_NAMES = new Map(Object.entries(Severity).map(([name, n]) => [n as number, name.toLowerCase()]));

/** Machines, their history and events, and the activity log: /api/v1/instances[/:id], /api/v1/activity. */
export function fleetRoutes(app: FastifyInstance, repo: UpdateRepository): void {
  const r = api(app);
  const tags = ['update'];
  const InstancesQuery = Type.Object(
    {
      ...S.PageQuery,
      appId: Type.Optional(Type.String({ maxLength: 200 })),
      groupId: Type.Optional(Type.String({ maxLength: 200 })),
      status: Type.Optional(S.StatusEnum),
      version: Type.Optional(Type.String({ maxLength: 128 })),
      search: Type.Optional(Type.String({ maxLength: 200, description: 'part of the machine id, alias or IP' })),
      sort: Type.Optional(StringEnum(['lastCheck', 'id', 'alias', 'version', 'ip'] as const)),
      order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
      includeHidden: Type.Optional(Type.Boolean({ description: 'also machines hidden by retention' })),
    },
    { additionalProperties: false },
  );
  r.get(
    '/api/v1/instances',
    {
      schema: {
        tags,
        summary: 'Machines: filter, search, sort, page',
        querystring: InstancesQuery,
        response: { 200: S.Page(S.InstanceRow) },
      },
    },
    async (req) => {
      const q = req.query;
      const appId = await appIdOf(repo, q.appId);
      const page = await repo.listInstances({
        page: q.page ?? 1,
        perPage: q.perPage ?? 50,
        ...(appId !== undefined ? { appId } : {}),
        ...(q.groupId !== undefined ? { groupId: q.groupId } : {}),
        ...(q.status !== undefined ? { status: STATUS_BY_NAME.get(q.status)! } : {}),
        ...(q.version !== undefined ? { version: q.version } : {}),
        ...(q.search !== undefined ? { search: q.search } : {}),
        ...(q.sort !== undefined ? { sort: q.sort } : {}),
        ...(q.order !== undefined ? { order: q.order } : {}),
        ...(q.includeHidden !== undefined ? { includeHidden: q.includeHidden } : {}),
      });
      return { ...page, items: page.items.map((row) => ({ ...row, app: instanceAppJson(row.app) })) };
    },
  );
  const InstanceDetail = Type.Object({
    instance: S.Instance,
    apps: Type.Array(
      Type.Object({ app: S.InstanceApp, statusHistory: Type.Array(S.StatusChange), events: Type.Array(S.UpdateEvent) }),
    ),
  });
  r.get(
    '/api/v1/instances/:id',
    {
      schema: {
        tags,
        summary: 'One machine: its state per application, status history and recent events',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        querystring: Type.Object(
          { appId: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: InstanceDetail },
      },
    },
    async (req) => {
      const instance = (await repo.getInstance(req.params.id)) ?? notFound(`no machine ${req.params.id}`);
      const appId = await appIdOf(repo, req.query.appId);
      // The machine's state in each application (a few): looked up by key, not by a search that other machines' ids could crowd out.
      const rows = [];
      for (const a of appId === undefined ? (await repo.listApps()).map((x) => x.id) : [appId]) {
        const row = await repo.getInstanceRow(instance.id, a);
        if (row) rows.push(row);
      }
      const apps = [];
      for (const row of rows) {
        const history = await repo.statusHistory(instance.id, row.app.appId, 100);
        const events = await repo.listEvents({ page: 1, perPage: 100, instanceId: instance.id, appId: row.app.appId });
        apps.push({
          app: instanceAppJson(row.app),
          statusHistory: history.map((h) => ({ ...h, status: INSTANCE_STATUS_NAMES[h.status] })),
          events: [...events.items],
        });
      }
      return { instance, apps };
    },
  );
  const ActivityQuery = Type.Object(
    {
      ...S.PageQuery,
      appId: Type.Optional(Type.String({ maxLength: 200 })),
      groupId: Type.Optional(Type.String({ maxLength: 200 })),
      channelId: Type.Optional(Type.String({ maxLength: 200 })),
      instanceId: Type.Optional(Type.String({ maxLength: 256 })),
      version: Type.Optional(Type.String({ maxLength: 128 })),
      severity: Type.Optional(StringEnum(['success', 'info', 'warning', 'error'] as const)),
      class: Type.Optional(
        StringEnum([...CLASS_NAMES.values()], { description: 'one kind of entry, e.g. rollout-halted' }),
      ),
      from: Type.Optional(Type.String({ format: 'date-time' })),
      to: Type.Optional(Type.String({ format: 'date-time' })),
    },
    { additionalProperties: false },
  );
  r.get(
    '/api/v1/activity',
    {
      schema: {
        tags,
        summary: 'The activity log, newest first',
        querystring: ActivityQuery,
        response: { 200: S.Page(S.Activity) },
      },
    },
    async (req) => {
      const { severity, class: kind, page, perPage, appId: app, ...filters } = req.query;
      const sev =
        severity !== undefined ? ([...SEVERITY_NAMES].find(([, n]) => n === severity)![0] as Severity) : undefined;
      const cls = kind !== undefined ? ([...CLASS_NAMES].find(([, n]) => n === kind)![0] as ActivityClass) : undefined;
      const appId = await appIdOf(repo, app);
      const result = await repo.listActivity({
        page: page ?? 1,
        perPage: perPage ?? 50,
        ...clean(filters),
        ...(appId !== undefined ? { appId } : {}),
        ...(sev !== undefined ? { severity: sev } : {}),
        ...(cls !== undefined ? { class: cls } : {}),
      });
      return { ...result, items: result.items.map(activityJson) };
    },
  );
}

/** An `appId` filter as every route takes it: the UUID (braces and case ignored) or the product id; unknown → 404. */
async function appIdOf(repo: UpdateRepository, idOrProductId: string | undefined): Promise<string | undefined> {
  if (idOrProductId === undefined) return undefined;
  return (await repo.findApp(idOrProductId))?.id ?? notFound(`no application ${idOrProductId}`);
}

function instanceAppJson(a: InstanceApp) {
  return { ...a, status: INSTANCE_STATUS_NAMES[a.status] };
}

export function activityJson(a: Activity) {
  return {
    ...a,
    className: CLASS_NAMES.get(a.class) ?? String(a.class),
    severityName: SEVERITY_NAMES.get(a.severity) ?? String(a.severity),
  };
}

function clean<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `-${c.toLowerCase()}`));
}
