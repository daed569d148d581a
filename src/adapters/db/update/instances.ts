import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import {
  Conflicts,
  InstanceStatus,
  type InstanceApp,
  type InstanceAppPatch,
  type InstanceRow,
  type StatusChange,
  type UpdateRepository,
} from '../../../update/index.js';
import { bool, containsPattern, exists, flag, limits, num, q, type Ctx } from './context.js';
import { isForeignKeyViolation } from '../driver-error.js';
import { toInstance, toInstanceApp } from './rows.js';
import type { UpdateInstanceAppsTable, UpdateInstancesTable, UpdateTables } from './tables.js';

type Joined = UpdateTables & { ia: UpdateInstanceAppsTable; i: UpdateInstancesTable };

type InstanceOps = Pick<
  UpdateRepository,
  | 'upsertInstance'
  | 'getInstance'
  | 'getInstanceApp'
  | 'getInstanceRow'
  | 'updateInstanceApp'
  | 'listInstances'
  | 'statusHistory'
>;

async function readState(
  db: Kysely<UpdateTables>,
  instanceId: string,
  appId: string,
): Promise<InstanceApp | undefined> {
  const row = await db
    .selectFrom('update_instance_apps')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('app_id', '=', appId)
    .executeTakeFirst();
  return row && toInstanceApp(row);
}

/** The columns a patch sets. */
function patchColumns(p: InstanceAppPatch) {
  const set: Partial<UpdateTables['update_instance_apps']> = {};
  if (p.groupId !== undefined) set.group_id = p.groupId;
  if (p.version !== undefined) set.version = p.version;
  if (p.status !== undefined) set.status = p.status;
  if (p.lastCheckAt !== undefined) set.last_check_at = p.lastCheckAt;
  if (p.lastUpdateGrantedAt !== undefined) set.last_update_granted_at = p.lastUpdateGrantedAt;
  if (p.lastUpdateVersion !== undefined) set.last_update_version = p.lastUpdateVersion;
  if (p.lastUpdateFromVersion !== undefined) set.last_update_from_version = p.lastUpdateFromVersion;
  if (p.updateInProgress !== undefined) set.update_in_progress = flag(p.updateInProgress);
  return set;
}

const SORT = {
  lastCheck: 'ia.last_check_at',
  id: 'i.id',
  alias: 'i.alias',
  version: 'ia.version',
  ip: 'i.ip',
} as const;

export function instanceOps(ctx: Ctx): InstanceOps {
  const { db } = ctx;
  return {
    // Three statements in one transaction (an upsert of the machine, an insert of its state, or else an
    // update of it), each answering the row it wrote. An unknown app or group is a reference violation,
    // which rolls everything back; only then is it looked up which one is missing.
    upsertInstance: (input, now) =>
      q(`registering instance "${input.instanceId}"`, async () => {
        try {
          return await ctx.atomic(async ({ db: tx }) => {
            const keep = (col: 'ip' | 'alias' | 'oem' | 'oem_version' | 'aleph_version') =>
              sql<string>`case when ${sql.ref(`excluded.${col}`)} <> '' then ${sql.ref(`excluded.${col}`)} else ${sql.ref(`update_instances.${col}`)} end`;
            const instance = await tx
              .insertInto('update_instances')
              .values({
                id: input.instanceId,
                ip: input.ip,
                alias: input.alias,
                oem: input.oem,
                oem_version: input.oemVersion,
                aleph_version: input.alephVersion,
                created_at: now,
                last_seen: now,
                hidden: 0,
              })
              .onConflict((oc) =>
                oc.column('id').doUpdateSet({
                  ip: keep('ip'),
                  alias: keep('alias'),
                  oem: keep('oem'),
                  oem_version: keep('oem_version'),
                  aleph_version: keep('aleph_version'),
                  last_seen: now,
                  hidden: 0,
                }),
              )
              .returningAll()
              .executeTakeFirstOrThrow();
            const inserted = await tx
              .insertInto('update_instance_apps')
              .values({
                instance_id: input.instanceId,
                app_id: input.appId,
                group_id: input.groupId,
                version: input.version,
                status: InstanceStatus.Undefined,
                last_check_at: now,
                last_update_granted_at: null,
                last_update_version: null,
                last_update_from_version: null,
                update_in_progress: 0,
              })
              .onConflict((oc) => oc.columns(['instance_id', 'app_id']).doNothing())
              .returningAll()
              .executeTakeFirst();
            const app =
              inserted ??
              (await tx
                .updateTable('update_instance_apps')
                .set({
                  group_id: input.groupId,
                  last_check_at: now,
                  ...(input.version !== '' ? { version: input.version } : {}),
                })
                .where('instance_id', '=', input.instanceId)
                .where('app_id', '=', input.appId)
                .returningAll()
                .executeTakeFirstOrThrow());
            return { instance: toInstance(instance), app: toInstanceApp(app), created: inserted !== undefined };
          });
        } catch (err) {
          if (!isForeignKeyViolation(err)) throw err;
          // (Inside a caller's PostgreSQL transaction the lookup fails too: the transaction is aborted.)
          if ((await exists(db, 'update_apps', input.appId).catch(() => true)) === false)
            throw Conflicts.missing('app', input.appId);
          throw Conflicts.missing('group', input.groupId);
        }
      }),

    getInstance: (id) =>
      q(`reading instance "${id}"`, async () => {
        const row = await db.selectFrom('update_instances').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toInstance(row);
      }),

    getInstanceApp: (instanceId, appId) =>
      q(`reading instance "${instanceId}"`, () => readState(db, instanceId, appId)),

    getInstanceRow: (instanceId, appId) =>
      q(`reading instance "${instanceId}"`, async () => {
        const r = await db
          .selectFrom('update_instance_apps as ia')
          .innerJoin('update_instances as i', 'i.id', 'ia.instance_id')
          .selectAll()
          .where('ia.instance_id', '=', instanceId)
          .where('ia.app_id', '=', appId)
          .executeTakeFirst();
        return r && { instance: toInstance(r), app: toInstanceApp(r), lastSeen: r.last_seen, hidden: bool(r.hidden) };
      }),

    updateInstanceApp: (instanceId, appId, patch, now) =>
      q(`updating instance "${instanceId}"`, () =>
        ctx.atomic(async ({ db: tx }) => {
          const old = await readState(tx, instanceId, appId);
          if (!old) return undefined;
          if (patch.groupId !== undefined && !(await exists(tx, 'update_groups', patch.groupId)))
            throw Conflicts.missing('group', patch.groupId);
          const set = patchColumns(patch);
          if (Object.keys(set).length > 0) {
            await tx
              .updateTable('update_instance_apps')
              .set(set)
              .where('instance_id', '=', instanceId)
              .where('app_id', '=', appId)
              .execute();
          }
          const next = (await readState(tx, instanceId, appId)) ?? old;
          if (next.status !== old.status) {
            await tx
              .insertInto('update_status_history')
              .values({
                id: crypto.randomUUID(),
                instance_id: instanceId,
                app_id: appId,
                group_id: next.groupId,
                status: next.status,
                version: next.version,
                created_at: now,
              })
              .execute();
          }
          return next;
        }),
      ),

    listInstances: (query) =>
      q('listing instances', async () => {
        const filter = (eb: ExpressionBuilder<Joined, 'ia' | 'i'>): Expression<SqlBool> => {
          const and: Expression<SqlBool>[] = [];
          if (query.appId !== undefined) and.push(eb('ia.app_id', '=', query.appId));
          if (query.groupId !== undefined) and.push(eb('ia.group_id', '=', query.groupId));
          if (query.status !== undefined) and.push(eb('ia.status', '=', query.status));
          if (query.version !== undefined) and.push(eb('ia.version', '=', query.version));
          if (query.includeHidden !== true) and.push(eb('i.hidden', '=', 0));
          if (query.search !== undefined && query.search !== '') {
            const p = containsPattern(query.search);
            and.push(
              eb.or(['i.id', 'i.alias', 'i.ip'].map((c) => sql<SqlBool>`lower(${sql.ref(c)}) like ${p} escape '\\'`)),
            );
          }
          return eb.and(and);
        };
        const from = () =>
          db.selectFrom('update_instance_apps as ia').innerJoin('update_instances as i', 'i.id', 'ia.instance_id');
        const total = await from()
          .where(filter)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        const sort = query.sort ?? 'lastCheck';
        const order = query.order ?? (sort === 'lastCheck' ? 'desc' : 'asc');
        const { limit, offset } = limits(query);
        const rows = await from()
          .where(filter)
          .selectAll()
          .orderBy(SORT[sort], order)
          .orderBy('i.id')
          .orderBy('ia.app_id')
          .limit(limit)
          .offset(offset)
          .execute();
        const items = rows.map(
          (r): InstanceRow => ({
            instance: toInstance(r),
            app: toInstanceApp(r),
            lastSeen: r.last_seen,
            hidden: bool(r.hidden),
          }),
        );
        return { items, total: num(total.n), page: Math.max(1, Math.floor(query.page)), perPage: limit };
      }),

    statusHistory: (instanceId, appId, limit) =>
      q(`reading the status history of instance "${instanceId}"`, async () => {
        const rows = await db
          .selectFrom('update_status_history')
          .selectAll()
          .where('instance_id', '=', instanceId)
          .where('app_id', '=', appId)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(Math.max(0, Math.floor(limit)))
          .execute();
        return rows.map(
          (r): StatusChange => ({
            instanceId: r.instance_id,
            appId: r.app_id,
            groupId: r.group_id,
            status: r.status as InstanceStatus,
            version: r.version,
            createdAt: r.created_at,
          }),
        );
      }),
  };
}
