/** The FleetLock tables (migration 0004_fleetlock), as Kysely sees them. */
export interface FleetLockTables {
  fleetlock_groups: { name: string; slots: number; created_at: string; updated_at: string };
  fleetlock_kv: { key: string; value: string; revision: number; updated_at: string };
  fleetlock_kv_history: { key: string; revision: number; value: string; at: string };
}
