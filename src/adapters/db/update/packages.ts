import type { Kysely } from 'kysely';
import {
  Conflicts,
  mergePackage,
  newPackage,
  packageUsers,
  type NewPackage,
  type Package,
  type UpdateRepository,
} from '../../../update/index.js';
import { exists, flag, guarded, num, q, type Ctx } from './context.js';
import { toPackage } from './rows.js';
import type { UpdateTables } from './tables.js';

type PackageOps = Pick<
  UpdateRepository,
  'listPackages' | 'getPackage' | 'createPackage' | 'updatePackage' | 'deletePackage'
>;

/** Packages with their blacklists, in the order of `ids` rows. */
async function withBlacklists(db: Kysely<UpdateTables>, rows: Parameters<typeof toPackage>[0][]): Promise<Package[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('update_package_blacklist')
    .select(['package_id', 'channel_id'])
    .where(
      'package_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('channel_id')
    .execute();
  return rows.map((r) =>
    toPackage(
      r,
      links.filter((l) => l.package_id === r.id).map((l) => l.channel_id),
    ),
  );
}

export async function readPackage(db: Kysely<UpdateTables>, id: string): Promise<Package | undefined> {
  const row = await db.selectFrom('update_packages').selectAll().where('id', '=', id).executeTakeFirst();
  return row && (await withBlacklists(db, [row]))[0];
}

/** Throws CONFLICT for a missing app or blacklisted channel, or a version taken by another package. */
async function check(db: Kysely<UpdateTables>, p: Package): Promise<void> {
  if (!(await exists(db, 'update_apps', p.appId))) throw Conflicts.missing('app', p.appId);
  for (const channelId of p.blacklistChannelIds) {
    if (!(await exists(db, 'update_channels', channelId))) throw Conflicts.missing('channel', channelId);
  }
  const taken = await db
    .selectFrom('update_packages')
    .select('id')
    .where('app_id', '=', p.appId)
    .where('version', '=', p.version)
    .where('arch', '=', p.arch)
    .where('id', '<>', p.id)
    .executeTakeFirst();
  if (taken) throw Conflicts.packageVersion(p.version, p.arch);
}

function columns(p: Package) {
  return {
    app_id: p.appId,
    version: p.version,
    arch: p.arch,
    url: p.url,
    filename: p.filename,
    size: p.size,
    sha1: p.sha1,
    sha256_hex: p.sha256Hex,
    action_sha256: p.action.sha256,
    action_disable_payload_backoff: flag(p.action.disablePayloadBackoff),
    action_is_delta: flag(p.action.isDelta),
    action_max_failure_count_per_url: p.action.maxFailureCountPerUrl,
    extra_files: JSON.stringify(p.extraFiles),
    description: p.description,
  };
}

async function writeBlacklist(db: Kysely<UpdateTables>, p: Package): Promise<void> {
  await db.deleteFrom('update_package_blacklist').where('package_id', '=', p.id).execute();
  const ids = [...new Set(p.blacklistChannelIds)];
  if (ids.length > 0) {
    await db
      .insertInto('update_package_blacklist')
      .values(ids.map((channel_id) => ({ package_id: p.id, channel_id })))
      .execute();
  }
}

export function packageOps(ctx: Ctx): PackageOps {
  const { db } = ctx;
  return {
    listPackages: (appId) =>
      q(`listing packages of app "${appId}"`, async () => {
        const rows = await db
          .selectFrom('update_packages')
          .selectAll()
          .where('app_id', '=', appId)
          .orderBy('created_at')
          .orderBy('version')
          .orderBy('arch')
          .execute();
        return withBlacklists(db, rows);
      }),

    getPackage: (id) => q(`reading package "${id}"`, () => readPackage(db, id)),

    createPackage: (input: NewPackage, now) =>
      q(`creating package ${input.version} (${input.arch})`, () =>
        ctx.atomic(async ({ db: tx }) => {
          const pkg = newPackage(input, input.id ?? crypto.randomUUID(), now);
          await check(tx, pkg);
          await guarded(`package ${pkg.version} (${pkg.arch})`, async () => {
            await tx
              .insertInto('update_packages')
              .values({ id: pkg.id, ...columns(pkg), created_at: now })
              .execute();
            await writeBlacklist(tx, pkg);
          });
          return pkg;
        }),
      ),

    updatePackage: (id, patch) =>
      q(`updating package "${id}"`, () =>
        ctx.atomic(async ({ db: tx }) => {
          const old = await readPackage(tx, id);
          if (!old) return undefined;
          const next = mergePackage(old, patch);
          await check(tx, next);
          await guarded(`package ${next.version} (${next.arch})`, async () => {
            await tx.updateTable('update_packages').set(columns(next)).where('id', '=', id).execute();
            if (patch.blacklistChannelIds !== undefined) await writeBlacklist(tx, next);
          });
          return next;
        }),
      ),

    deletePackage: (id) =>
      q(`deleting package "${id}"`, () =>
        ctx.atomic(async ({ db: tx }) => {
          const pkg = await readPackage(tx, id);
          if (!pkg) return false;
          const users = [
            ...(
              await tx
                .selectFrom('update_channels')
                .select(['name', 'arch'])
                .where('package_id', '=', id)
                .orderBy('name')
                .execute()
            ).map((c) => packageUsers.channel(c.name, c.arch as never)),
            ...(
              await tx
                .selectFrom('update_floors')
                .innerJoin('update_channels as c', 'c.id', 'update_floors.channel_id')
                .select(['c.name', 'c.arch'])
                .where('update_floors.package_id', '=', id)
                .orderBy('c.name')
                .execute()
            ).map((c) => packageUsers.floor(c.name, c.arch as never)),
            ...(
              await tx
                .selectFrom('update_groups')
                .select('name')
                .where('pin_package_id', '=', id)
                .orderBy('name')
                .execute()
            ).map((g) => packageUsers.pin(g.name)),
          ];
          if (users.length > 0) throw Conflicts.packageInUse(pkg.version, pkg.arch, users);
          const result = await guarded(`package ${pkg.version} (${pkg.arch})`, () =>
            tx.deleteFrom('update_packages').where('id', '=', id).executeTakeFirst(),
          );
          return num(result.numDeletedRows) > 0;
        }),
      ),
  };
}
