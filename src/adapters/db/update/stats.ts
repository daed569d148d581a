import { sql } from 'kysely';
import type { InstanceCount, InstanceStatus, UpdateRepository } from '../../../update/index.js';
import { num, q, type Ctx } from './context.js';

type StatsOps = Pick<
  UpdateRepository,
  'rolloutStats' | 'haltSample' | 'versionBreakdown' | 'versionReports' | 'instanceCounts'
>;

/** The counts the granting rules and /metrics read; semantics in repository.ts. */
export function statsOps(ctx: Ctx): StatsOps {
  const { db } = ctx;
  return {
    rolloutStats: (groupId, w) =>
      q(`counting the rollout of group "${groupId}"`, async () => {
        const row = await db
          .selectFrom('update_instance_apps')
          .where('group_id', '=', groupId)
          .where('last_check_at', '>=', w.seenSince)
          .select([
            sql<string>`sum(case when last_update_granted_at >= ${w.periodStart} then 1 else 0 end)`.as('granted'),
            sql<string>`sum(case when update_in_progress = 1 and last_update_granted_at >= ${w.timeoutStart} then 1 else 0 end)`.as(
              'running',
            ),
            sql<string>`sum(case when update_in_progress = 1 and last_update_granted_at < ${w.timeoutStart} then 1 else 0 end)`.as(
              'timed_out',
            ),
            sql<string>`sum(case when update_in_progress = 0 and last_update_version = ${w.version} then 1 else 0 end)`.as(
              'attempted',
            ),
          ])
          .executeTakeFirstOrThrow();
        return {
          grantedInPeriod: num(row.granted),
          inProgress: num(row.running),
          timedOut: num(row.timed_out),
          attemptedCurrent: num(row.attempted),
        };
      }),

    haltSample: (groupId, version, since) =>
      q(`counting the failures of ${version} in group "${groupId}"`, async () => {
        const event = (code: ReturnType<typeof sql>) => sql`exists (
          select 1 from update_events e
          where e.instance_id = ia.instance_id and e.app_id = ia.app_id
            and e.created_at >= ia.last_update_granted_at and e.type = 3 and e.result = 0 and ${code})`;
        const rolledBack = event(sql`e.error_code = 44`);
        const failed = event(sql`(e.error_code is null or e.error_code <> 44)`);
        const { rows } = await sql<{ granted: unknown; rolled_back: unknown; failed: unknown }>`
          select count(*) as granted,
            sum(case when ${rolledBack} then 1 else 0 end) as rolled_back,
            sum(case when ${rolledBack} then 0 when ${failed} then 1 else 0 end) as failed
          from update_instance_apps ia
          where ia.group_id = ${groupId} and ia.last_update_version = ${version} and ia.last_update_granted_at >= ${since}`.execute(
          db,
        );
        const row = rows[0];
        return { granted: num(row?.granted), failed: num(row?.failed), rolledBack: num(row?.rolled_back) };
      }),

    versionBreakdown: (groupId) =>
      q(`counting the versions of group "${groupId}"`, async () => {
        const rows = await db
          .selectFrom('update_instance_apps as ia')
          .innerJoin('update_instances as i', 'i.id', 'ia.instance_id')
          .where('ia.group_id', '=', groupId)
          .where('i.hidden', '=', 0)
          .select((eb) => ['ia.version', eb.fn.countAll().as('n')])
          .groupBy('ia.version')
          .orderBy('n', 'desc')
          .orderBy('ia.version', 'desc')
          .execute();
        return rows.map((r) => ({ version: r.version, instances: num(r.n) }));
      }),

    versionReports: (groupId) =>
      q(`reading the version reports of group "${groupId}"`, async () => {
        const machines = await db
          .selectFrom('update_instance_apps as ia')
          .innerJoin('update_instances as i', 'i.id', 'ia.instance_id')
          .where('ia.group_id', '=', groupId)
          .where('i.hidden', '=', 0)
          .select(['ia.instance_id', 'i.created_at', 'ia.version', 'ia.last_check_at'])
          .execute();
        // Reports made in this group by the machines in it now (the join keeps the app: a group is one app's).
        const history = await db
          .selectFrom('update_status_history as h')
          .innerJoin('update_instance_apps as ia', (j) =>
            j.onRef('ia.instance_id', '=', 'h.instance_id').onRef('ia.app_id', '=', 'h.app_id'),
          )
          .where('ia.group_id', '=', groupId)
          .where('h.group_id', '=', groupId)
          .select(['h.instance_id', 'h.version', 'h.status', 'h.created_at'])
          .execute();
        const events = await db
          .selectFrom('update_events as e')
          .innerJoin('update_instance_apps as ia', (j) =>
            j.onRef('ia.instance_id', '=', 'e.instance_id').onRef('ia.app_id', '=', 'e.app_id'),
          )
          .where('ia.group_id', '=', groupId)
          .where('e.group_id', '=', groupId)
          .select(['e.instance_id', 'e.version', 'e.created_at'])
          .execute();
        return {
          machines: machines.map((m) => ({
            instanceId: m.instance_id,
            createdAt: m.created_at,
            version: m.version,
            lastCheckAt: m.last_check_at,
          })),
          reports: [
            ...history.map((r) => ({
              instanceId: r.instance_id,
              version: r.version,
              status: Number(r.status) as InstanceStatus,
              at: r.created_at,
            })),
            ...events.map((r) => ({ instanceId: r.instance_id, version: r.version, status: null, at: r.created_at })),
          ],
        };
      }),

    instanceCounts: () =>
      q('counting instances', async () => {
        const rows = await db
          .selectFrom('update_instance_apps as ia')
          .innerJoin('update_instances as i', 'i.id', 'ia.instance_id')
          .innerJoin('update_groups as g', 'g.id', 'ia.group_id')
          .where('i.hidden', '=', 0)
          .select((eb) => [
            'ia.app_id',
            'ia.group_id',
            'g.channel_id',
            'ia.version',
            'ia.status',
            eb.fn.countAll().as('n'),
          ])
          .groupBy(['ia.app_id', 'ia.group_id', 'g.channel_id', 'ia.version', 'ia.status'])
          .orderBy('ia.app_id')
          .orderBy('ia.group_id')
          .orderBy('ia.version')
          .orderBy('ia.status')
          .execute();
        return rows.map(
          (r): InstanceCount => ({
            appId: r.app_id,
            groupId: r.group_id,
            channelId: r.channel_id,
            version: r.version,
            status: r.status as InstanceStatus,
            instances: num(r.n),
          }),
        );
      }),
  };
}
