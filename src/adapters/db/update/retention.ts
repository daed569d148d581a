import type { UpdateRepository } from '../../../update/index.js';
import { num, q, type Ctx } from './context.js';

/** Retention (Nebraska's tables grow for ever, update.md §2.5 item 2). */
export function retentionOps(ctx: Ctx): Pick<UpdateRepository, 'prune'> {
  return {
    prune: (w) =>
      q('pruning old instances, events and activity', () =>
        ctx.atomic(async ({ db }) => {
          const hidden = await db
            .updateTable('update_instances')
            .set({ hidden: 1 })
            .where('hidden', '=', 0)
            .where('last_seen', '<', w.hideInstancesSeenBefore)
            .executeTakeFirst();
          const events = await db
            .deleteFrom('update_events')
            .where('created_at', '<', w.deleteEventsBefore)
            .executeTakeFirst();
          const activity = await db
            .deleteFrom('update_activity')
            .where('created_at', '<', w.deleteActivityBefore)
            .executeTakeFirst();
          return {
            instancesHidden: num(hidden.numUpdatedRows),
            eventsDeleted: num(events.numDeletedRows),
            activityDeleted: num(activity.numDeletedRows),
          };
        }),
      ),
  };
}
