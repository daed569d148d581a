/**
 * The update server's tables (migration 0003_update), as Kysely sees them.
 * Booleans are integers 0/1, times ISO-8601 text, sizes `bigint` (a string on
 * PostgreSQL, a number on SQLite: read them with Number()). docs/store.md.
 */
export type Flag = 0 | 1;
export type BigintColumn = number | string;

export interface UpdateAppsTable {
  id: string;
  name: string;
  description: string;
  product_id: string | null;
  created_at: string;
}

export interface UpdatePackagesTable {
  id: string;
  app_id: string;
  version: string;
  arch: string;
  url: string | null;
  filename: string;
  size: BigintColumn;
  sha1: string;
  sha256_hex: string;
  action_sha256: string;
  action_disable_payload_backoff: Flag;
  action_is_delta: Flag;
  action_max_failure_count_per_url: number | null;
  /** JSON array of PackageFile. */
  extra_files: string;
  description: string;
  created_at: string;
}

export interface UpdatePackageBlacklistTable {
  package_id: string;
  channel_id: string;
}

export interface UpdateChannelsTable {
  id: string;
  app_id: string;
  name: string;
  arch: string;
  color: string;
  package_id: string | null;
  created_at: string;
}

export interface UpdateFloorsTable {
  channel_id: string;
  package_id: string;
  reason: string;
}

export interface UpdateGroupsTable {
  id: string;
  app_id: string;
  name: string;
  description: string;
  track: string;
  channel_id: string | null;
  policy_updates_enabled: Flag;
  policy_safe_mode: Flag;
  policy_office_hours: Flag;
  policy_timezone: string;
  policy_period_interval: number;
  policy_max_updates_per_period: number;
  policy_update_timeout: number;
  pin_package_id: string | null;
  pin_allow_downgrade: Flag;
  staged_percent: number;
  staged_start_at: string | null;
  staged_duration: number | null;
  halt_enabled: Flag;
  halt_window: number;
  halt_threshold: number;
  halt_min_samples: number;
  rollout_in_progress: Flag;
  rollout_version: string | null;
  halted_at: string | null;
  halted_reason: string | null;
  resumed_at: string | null;
  created_at: string;
}

export interface UpdateInstancesTable {
  id: string;
  ip: string;
  alias: string;
  oem: string;
  oem_version: string;
  aleph_version: string;
  created_at: string;
  last_seen: string;
  hidden: Flag;
}

export interface UpdateInstanceAppsTable {
  instance_id: string;
  app_id: string;
  group_id: string;
  version: string;
  status: number;
  last_check_at: string;
  last_update_granted_at: string | null;
  last_update_version: string | null;
  last_update_from_version: string | null;
  update_in_progress: Flag;
}

export interface UpdateStatusHistoryTable {
  id: string;
  instance_id: string;
  app_id: string;
  group_id: string;
  status: number;
  version: string;
  created_at: string;
}

export interface UpdateEventsTable {
  id: string;
  instance_id: string;
  app_id: string;
  group_id: string;
  type: number;
  result: number;
  error_code: number | null;
  raw_error_code: string | null;
  previous_version: string | null;
  version: string;
  created_at: string;
}

export interface UpdateActivityTable {
  id: string;
  class: number;
  severity: number;
  app_id: string;
  group_id: string | null;
  channel_id: string | null;
  instance_id: string | null;
  version: string | null;
  message: string;
  created_at: string;
}

export interface UpdateTables {
  update_apps: UpdateAppsTable;
  update_packages: UpdatePackagesTable;
  update_package_blacklist: UpdatePackageBlacklistTable;
  update_channels: UpdateChannelsTable;
  update_floors: UpdateFloorsTable;
  update_groups: UpdateGroupsTable;
  update_instances: UpdateInstancesTable;
  update_instance_apps: UpdateInstanceAppsTable;
  update_status_history: UpdateStatusHistoryTable;
  update_events: UpdateEventsTable;
  update_activity: UpdateActivityTable;
}
