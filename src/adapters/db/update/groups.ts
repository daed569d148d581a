import type { Kysely } from 'kysely';
import {
  Conflicts,
  mergeGroup,
  newGroup,
  normaliseId,
  type Group,
  type NewGroup,
  type UpdateRepository,
} from '../../../update/index.js';
import { exists, flag, guarded, num, q, type Ctx } from './context.js';
import { policyColumns, toGroup } from './rows.js';
import type { UpdateTables } from './tables.js';

type GroupOps = Pick<
  UpdateRepository,
  'listGroups' | 'getGroup' | 'findGroupByTrack' | 'createGroup' | 'updateGroup' | 'deleteGroup' | 'setRollout'
>;

export async function readGroup(db: Kysely<UpdateTables>, id: string): Promise<Group | undefined> {
  const row = await db.selectFrom('update_groups').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toGroup(row);
}

async function check(db: Kysely<UpdateTables>, g: Group): Promise<void> {
  if (!(await exists(db, 'update_apps', g.appId))) throw Conflicts.missing('app', g.appId);
  if (g.channelId !== null && !(await exists(db, 'update_channels', g.channelId)))
    throw Conflicts.missing('channel', g.channelId);
  const pin = g.policy.pin?.packageId;
  if (pin !== undefined && !(await exists(db, 'update_packages', pin))) throw Conflicts.missing('package', pin);
  const taken = await db
    .selectFrom('update_groups')
    .select('id')
    .where('app_id', '=', g.appId)
    .where('name', '=', g.name)
    .where('id', '<>', g.id)
    .executeTakeFirst();
  if (taken) throw Conflicts.groupName(g.name);
}

const columns = (g: Group) => ({
  app_id: g.appId,
  name: g.name,
  description: g.description,
  track: g.track,
  channel_id: g.channelId,
  ...policyColumns(g.policy),
});

export function groupOps(ctx: Ctx): GroupOps {
  const { db } = ctx;
  return {
    listGroups: (appId) =>
      q(`listing groups of app "${appId}"`, async () =>
        (
          await db
            .selectFrom('update_groups')
            .selectAll()
            .where('app_id', '=', appId)
            .orderBy('created_at')
            .orderBy('name')
            .execute()
        ).map(toGroup),
      ),

    getGroup: (id) => q(`reading group "${id}"`, () => readGroup(db, id)),

    findGroupByTrack: (appId, track, arch) =>
      q(`finding the group of track "${track}" (${arch})`, async () => {
        const base = db
          .selectFrom('update_groups as g')
          .innerJoin('update_channels as c', 'c.id', 'g.channel_id')
          .selectAll('g')
          .where('g.app_id', '=', appId)
          .where('c.arch', '=', arch)
          .orderBy('g.created_at', 'desc')
          .orderBy('g.id', 'desc')
          .limit(1);
        const row =
          (await base.where('g.track', '=', track).executeTakeFirst()) ??
          (await base.where('g.id', '=', normaliseId(track)).executeTakeFirst());
        return row && toGroup(row);
      }),

    createGroup: (input: NewGroup, now) =>
      q(`creating group "${input.name}"`, async () => {
        const group = newGroup(input, crypto.randomUUID(), now);
        await check(db, group);
        await guarded(`group "${group.name}"`, () =>
          db
            .insertInto('update_groups')
            .values({
              id: group.id,
              ...columns(group),
              rollout_in_progress: 0,
              rollout_version: null,
              halted_at: null,
              halted_reason: null,
              resumed_at: null,
              created_at: now,
            })
            .execute(),
        );
        return group;
      }),

    updateGroup: (id, patch) =>
      q(`updating group "${id}"`, async () => {
        const old = await readGroup(db, id);
        if (!old) return undefined;
        const group = mergeGroup(old, patch);
        await check(db, group);
        await guarded(`group "${group.name}"`, () =>
          db.updateTable('update_groups').set(columns(group)).where('id', '=', id).execute(),
        );
        return group;
      }),

    deleteGroup: (id) =>
      q(`deleting group "${id}"`, async () => {
        // The machines' states in the group go with it (they join a group again
        // at their next check); history, events and activity stay.
        const result = await db.deleteFrom('update_groups').where('id', '=', id).executeTakeFirst();
        return num(result.numDeletedRows) > 0;
      }),

    setRollout: (groupId, rollout) =>
      q(`writing the rollout state of group "${groupId}"`, async () => {
        await db
          .updateTable('update_groups')
          .set({
            rollout_in_progress: flag(rollout.inProgress),
            rollout_version: rollout.version,
            halted_at: rollout.halted?.at ?? null,
            halted_reason: rollout.halted?.reason ?? null,
            resumed_at: rollout.resumedAt ?? null,
          })
          .where('id', '=', groupId)
          .execute();
      }),
  };
}
