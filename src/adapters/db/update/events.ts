import type { Activity, UpdateEvent, UpdateRepository } from '../../../update/index.js';
import { Conflicts } from '../../../update/index.js';
import { exists, limits, num, q, type Ctx } from './context.js';
import { toActivity, toEvent } from './rows.js';

type EventOps = Pick<UpdateRepository, 'addEvent' | 'listEvents' | 'addActivity' | 'listActivity'>;

export function eventOps(ctx: Ctx): EventOps {
  const { db } = ctx;
  return {
    addEvent: (input) =>
      q(`recording event ${input.type}/${input.result} of instance "${input.instanceId}"`, async () => {
        if (!(await exists(db, 'update_apps', input.appId))) throw Conflicts.missing('app', input.appId);
        if (!(await exists(db, 'update_instances', input.instanceId)))
          throw Conflicts.missing('instance', input.instanceId);
        const event: UpdateEvent = { ...input, id: crypto.randomUUID() };
        await db
          .insertInto('update_events')
          .values({
            id: event.id,
            instance_id: event.instanceId,
            app_id: event.appId,
            group_id: event.groupId,
            type: event.type,
            result: event.result,
            error_code: event.errorCode,
            raw_error_code: event.rawErrorCode,
            previous_version: event.previousVersion,
            version: event.version,
            created_at: event.createdAt,
          })
          .execute();
        return event;
      }),

    listEvents: (query) =>
      q('listing events', async () => {
        let base = db.selectFrom('update_events');
        if (query.instanceId !== undefined) base = base.where('instance_id', '=', query.instanceId);
        if (query.appId !== undefined) base = base.where('app_id', '=', query.appId);
        if (query.groupId !== undefined) base = base.where('group_id', '=', query.groupId);
        const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        const { limit, offset } = limits(query);
        const rows = await base
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute();
        return {
          items: rows.map(toEvent),
          total: num(total.n),
          page: Math.max(1, Math.floor(query.page)),
          perPage: limit,
        };
      }),

    addActivity: (input) =>
      q(`recording activity "${input.message}"`, async () => {
        if (!(await exists(db, 'update_apps', input.appId))) throw Conflicts.missing('app', input.appId);
        const activity: Activity = { ...input, id: crypto.randomUUID() };
        await db
          .insertInto('update_activity')
          .values({
            id: activity.id,
            class: activity.class,
            severity: activity.severity,
            app_id: activity.appId,
            group_id: activity.groupId,
            channel_id: activity.channelId,
            instance_id: activity.instanceId,
            version: activity.version,
            message: activity.message,
            created_at: activity.createdAt,
          })
          .execute();
        return activity;
      }),

    listActivity: (query) =>
      q('listing activity', async () => {
        let base = db.selectFrom('update_activity');
        if (query.appId !== undefined) base = base.where('app_id', '=', query.appId);
        if (query.groupId !== undefined) base = base.where('group_id', '=', query.groupId);
        if (query.channelId !== undefined) base = base.where('channel_id', '=', query.channelId);
        if (query.instanceId !== undefined) base = base.where('instance_id', '=', query.instanceId);
        if (query.version !== undefined) base = base.where('version', '=', query.version);
        if (query.class !== undefined) base = base.where('class', '=', query.class);
        if (query.severity !== undefined) base = base.where('severity', '=', query.severity);
        if (query.from !== undefined) base = base.where('created_at', '>=', query.from);
        if (query.to !== undefined) base = base.where('created_at', '<', query.to);
        const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        const { limit, offset } = limits(query);
        const rows = await base
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute();
        return {
          items: rows.map(toActivity),
          total: num(total.n),
          page: Math.max(1, Math.floor(query.page)),
          perPage: limit,
        };
      }),
  };
}
