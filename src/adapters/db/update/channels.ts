import type { Kysely } from 'kysely';
import {
  Conflicts,
  mergeChannel,
  newChannel,
  type Arch,
  type Channel,
  type Floor,
  type NewChannel,
  type UpdateRepository,
} from '../../../update/index.js';
import { exists, guarded, num, q, type Ctx } from './context.js';
import { toChannel } from './rows.js';
import type { UpdateTables } from './tables.js';

type ChannelOps = Pick<
  UpdateRepository,
  | 'listChannels'
  | 'getChannel'
  | 'createChannel'
  | 'updateChannel'
  | 'deleteChannel'
  | 'listFloors'
  | 'putFloor'
  | 'deleteFloor'
>;

async function read(db: Kysely<UpdateTables>, id: string): Promise<Channel | undefined> {
  const row = await db.selectFrom('update_channels').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toChannel(row);
}

async function check(db: Kysely<UpdateTables>, c: Channel): Promise<void> {
  if (!(await exists(db, 'update_apps', c.appId))) throw Conflicts.missing('app', c.appId);
  if (c.packageId !== null && !(await exists(db, 'update_packages', c.packageId)))
    throw Conflicts.missing('package', c.packageId);
  const taken = await db
    .selectFrom('update_channels')
    .select('id')
    .where('app_id', '=', c.appId)
    .where('name', '=', c.name)
    .where('arch', '=', c.arch)
    .where('id', '<>', c.id)
    .executeTakeFirst();
  if (taken) throw Conflicts.channelName(c.name, c.arch);
}

const columns = (c: Channel) => ({
  app_id: c.appId,
  name: c.name,
  arch: c.arch,
  color: c.color,
  package_id: c.packageId,
});

export function channelOps(ctx: Ctx): ChannelOps {
  const { db } = ctx;
  return {
    listChannels: (appId) =>
      q(`listing channels of app "${appId}"`, async () =>
        (
          await db
            .selectFrom('update_channels')
            .selectAll()
            .where('app_id', '=', appId)
            .orderBy('created_at')
            .orderBy('name')
            .orderBy('arch')
            .execute()
        ).map(toChannel),
      ),

    getChannel: (id) => q(`reading channel "${id}"`, () => read(db, id)),

    createChannel: (input: NewChannel, now) =>
      q(`creating channel "${input.name}" (${input.arch})`, async () => {
        const channel = newChannel(input, crypto.randomUUID(), now);
        await check(db, channel);
        await guarded(`channel "${channel.name}" (${channel.arch})`, () =>
          db
            .insertInto('update_channels')
            .values({ id: channel.id, ...columns(channel), created_at: now })
            .execute(),
        );
        return channel;
      }),

    updateChannel: (id, patch) =>
      q(`updating channel "${id}"`, async () => {
        const old = await read(db, id);
        if (!old) return undefined;
        const channel = mergeChannel(old, patch);
        await check(db, channel);
        await guarded(`channel "${channel.name}" (${channel.arch})`, () =>
          db.updateTable('update_channels').set(columns(channel)).where('id', '=', id).execute(),
        );
        return channel;
      }),

    deleteChannel: (id) =>
      q(`deleting channel "${id}"`, async () => {
        const channel = await read(db, id);
        if (!channel) return false;
        const groups = await db
          .selectFrom('update_groups')
          .select('name')
          .where('channel_id', '=', id)
          .orderBy('name')
          .execute();
        if (groups.length > 0)
          throw Conflicts.channelInUse(
            channel.name,
            channel.arch as Arch,
            groups.map((g) => g.name),
          );
        // Its floors and blacklist entries go with it.
        const result = await guarded(`channel "${channel.name}"`, () =>
          db.deleteFrom('update_channels').where('id', '=', id).executeTakeFirst(),
        );
        return num(result.numDeletedRows) > 0;
      }),

    listFloors: (channelId) =>
      q(`listing floors of channel "${channelId}"`, async () => {
        const rows = await db
          .selectFrom('update_floors as f')
          .innerJoin('update_packages as p', 'p.id', 'f.package_id')
          .select(['f.channel_id', 'f.package_id', 'f.reason'])
          .where('f.channel_id', '=', channelId)
          .orderBy('p.created_at')
          .orderBy('p.id')
          .execute();
        return rows.map((r): Floor => ({ channelId: r.channel_id, packageId: r.package_id, reason: r.reason }));
      }),

    putFloor: (floor) =>
      q(`putting floor ${floor.packageId} on channel "${floor.channelId}"`, async () => {
        if (!(await exists(db, 'update_channels', floor.channelId)))
          throw Conflicts.missing('channel', floor.channelId);
        if (!(await exists(db, 'update_packages', floor.packageId)))
          throw Conflicts.missing('package', floor.packageId);
        await guarded('the floor', () =>
          db
            .insertInto('update_floors')
            .values({ channel_id: floor.channelId, package_id: floor.packageId, reason: floor.reason })
            .onConflict((oc) => oc.columns(['channel_id', 'package_id']).doUpdateSet({ reason: floor.reason }))
            .execute(),
        );
      }),

    deleteFloor: (channelId, packageId) =>
      q(`deleting floor ${packageId} of channel "${channelId}"`, async () => {
        const result = await db
          .deleteFrom('update_floors')
          .where('channel_id', '=', channelId)
          .where('package_id', '=', packageId)
          .executeTakeFirst();
        return num(result.numDeletedRows) > 0;
      }),
  };
}
