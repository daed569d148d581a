import type { Kysely } from 'kysely';
import type { Clock } from '../../../core/index.js';
import type { FleetLockGroup, FleetLockGroups } from '../../../reboot/index.js';
import { storeQuery } from '../driver-error.js';
import type { DbStore } from '../kysely-store.js';
import type { FleetLockTables } from './tables.js';

type Row = FleetLockTables['fleetlock_groups'];
const toGroup = (r: Row): FleetLockGroup => ({
  name: r.name,
  slots: Number(r.slots),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The FleetLock groups in Hull's store (table fleetlock_groups). */
export function dbFleetLockGroups(store: DbStore, clock: Clock): FleetLockGroups {
  const db: Kysely<FleetLockTables> = store.db;
  return {
    list: () =>
      storeQuery('listing FleetLock groups', async () =>
        (await db.selectFrom('fleetlock_groups').selectAll().orderBy('name').execute()).map(toGroup),
      ),
    get: (name) =>
      storeQuery(`reading FleetLock group "${name}"`, async () => {
        const r = await db.selectFrom('fleetlock_groups').selectAll().where('name', '=', name).executeTakeFirst();
        return r === undefined ? undefined : toGroup(r);
      }),
    set: (name, slots) =>
      storeQuery(`setting FleetLock group "${name}"`, async () => {
        const at = clock.now().toISOString();
        const before = await db
          .selectFrom('fleetlock_groups')
          .select('name')
          .where('name', '=', name)
          .executeTakeFirst();
        await db
          .insertInto('fleetlock_groups')
          .values({ name, slots, created_at: at, updated_at: at })
          .onConflict((oc) => oc.column('name').doUpdateSet({ slots, updated_at: at }))
          .execute();
        const r = await db
          .selectFrom('fleetlock_groups')
          .selectAll()
          .where('name', '=', name)
          .executeTakeFirstOrThrow();
        return { group: toGroup(r), created: before === undefined };
      }),
    delete: (name) =>
      storeQuery(`deleting FleetLock group "${name}"`, async () => {
        const r = await db.deleteFrom('fleetlock_groups').where('name', '=', name).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      }),
  };
}
