import { sql } from 'kysely';
import {
  Conflicts,
  mergeApp,
  newApp,
  normaliseId,
  type App,
  type NewApp,
  type UpdateRepository,
} from '../../../update/index.js';
import { guarded, num, q, type Ctx } from './context.js';
import { toApp } from './rows.js';

type AppOps = Pick<UpdateRepository, 'listApps' | 'getApp' | 'findApp' | 'createApp' | 'updateApp' | 'deleteApp'>;

export function appOps(ctx: Ctx): AppOps {
  const { db } = ctx;
  const get = async (id: string): Promise<App | undefined> => {
    const row = await db.selectFrom('update_apps').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toApp(row);
  };
  /** Throws CONFLICT when another app (not `id`) has the name or the product id. */
  const checkUnique = async (id: string, name: string, productId: string | null): Promise<void> => {
    const byName = await db
      .selectFrom('update_apps')
      .select('id')
      .where('name', '=', name)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (byName) throw Conflicts.appName(name);
    if (productId === null) return;
    const byProduct = await db
      .selectFrom('update_apps')
      .select('name')
      .where(sql`lower(product_id)`, '=', productId.toLowerCase())
      .where('id', '<>', id)
      .executeTakeFirst();
    if (byProduct) throw Conflicts.productId(productId, byProduct.name);
  };

  return {
    listApps: () =>
      q('listing apps', async () =>
        (await db.selectFrom('update_apps').selectAll().orderBy('created_at').orderBy('name').execute()).map(toApp),
      ),

    getApp: (id) => q(`reading app "${id}"`, () => get(id)),

    findApp: (idOrProductId) =>
      q(`finding app "${idOrProductId}"`, async () => {
        const byId = await get(normaliseId(idOrProductId));
        if (byId) return byId;
        const row = await db
          .selectFrom('update_apps')
          .selectAll()
          .where(sql`lower(product_id)`, '=', idOrProductId.trim().toLowerCase())
          .executeTakeFirst();
        return row && toApp(row);
      }),

    createApp: (input: NewApp, now) =>
      q(`creating app "${input.name}"`, async () => {
        const app = newApp(input, input.id ?? crypto.randomUUID(), now);
        if (await get(app.id)) throw Conflicts.appId(app.id);
        await checkUnique(app.id, app.name, app.productId);
        await guarded(`app "${app.name}"`, () =>
          db
            .insertInto('update_apps')
            .values({
              id: app.id,
              name: app.name,
              description: app.description,
              product_id: app.productId,
              created_at: now,
            })
            .execute(),
        );
        return app;
      }),

    updateApp: (id, patch) =>
      q(`updating app "${id}"`, async () => {
        const old = await get(id);
        if (!old) return undefined;
        const app = mergeApp(old, patch);
        await checkUnique(id, app.name, app.productId);
        await guarded(`app "${app.name}"`, () =>
          db
            .updateTable('update_apps')
            .set({ name: app.name, description: app.description, product_id: app.productId })
            .where('id', '=', id)
            .execute(),
        );
        return app;
      }),

    deleteApp: (id) =>
      q(`deleting app "${id}"`, async () => {
        // Groups, then channels (their floors and blacklist entries cascade),
        // then packages, then the app (instance states, history, events and
        // activity cascade): PostgreSQL checks the references that guard
        // packages and channels while cascading, so they go in that order.
        return ctx.atomic(async ({ db: tx }) => {
          await tx.deleteFrom('update_groups').where('app_id', '=', id).execute();
          await tx.deleteFrom('update_channels').where('app_id', '=', id).execute();
          await tx.deleteFrom('update_packages').where('app_id', '=', id).execute();
          const result = await tx.deleteFrom('update_apps').where('id', '=', id).executeTakeFirst();
          return num(result.numDeletedRows) > 0;
        });
      }),
  };
}
