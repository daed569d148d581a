import type { Selectable } from 'kysely';
import type {
  Activity,
  ActivityClass,
  App,
  Arch,
  Channel,
  Group,
  GroupPolicy,
  Instance,
  InstanceApp,
  InstanceStatus,
  Package,
  PackageArch,
  PackageFile,
  Severity,
  UpdateEvent,
} from '../../../update/index.js';
import { bool, flag, num } from './context.js';
import type {
  UpdateActivityTable,
  UpdateAppsTable,
  UpdateChannelsTable,
  UpdateEventsTable,
  UpdateGroupsTable,
  UpdateInstanceAppsTable,
  UpdateInstancesTable,
  UpdatePackagesTable,
} from './tables.js';

/** Rows ↔ entities. Booleans are 0/1, sizes may come back as strings (docs/store.md). */

export const toApp = (r: Selectable<UpdateAppsTable>): App => ({
  id: r.id,
  name: r.name,
  description: r.description,
  productId: r.product_id,
  createdAt: r.created_at,
});

export const toPackage = (r: Selectable<UpdatePackagesTable>, blacklist: readonly string[]): Package => ({
  id: r.id,
  appId: r.app_id,
  version: r.version,
  arch: r.arch as PackageArch,
  url: r.url,
  filename: r.filename,
  size: num(r.size),
  sha1: r.sha1,
  sha256Hex: r.sha256_hex,
  action: {
    sha256: r.action_sha256,
    disablePayloadBackoff: bool(r.action_disable_payload_backoff),
    isDelta: bool(r.action_is_delta),
    maxFailureCountPerUrl: r.action_max_failure_count_per_url,
  },
  extraFiles: JSON.parse(r.extra_files) as PackageFile[],
  blacklistChannelIds: blacklist,
  description: r.description,
  createdAt: r.created_at,
});

export const toChannel = (r: Selectable<UpdateChannelsTable>): Channel => ({
  id: r.id,
  appId: r.app_id,
  name: r.name,
  arch: r.arch as Arch,
  color: r.color,
  packageId: r.package_id,
  createdAt: r.created_at,
});

export function toGroup(r: Selectable<UpdateGroupsTable>): Group {
  const policy: GroupPolicy = {
    updatesEnabled: bool(r.policy_updates_enabled),
    safeMode: bool(r.policy_safe_mode),
    officeHours: bool(r.policy_office_hours),
    timezone: r.policy_timezone,
    periodIntervalSeconds: r.policy_period_interval,
    maxUpdatesPerPeriod: r.policy_max_updates_per_period,
    updateTimeoutSeconds: r.policy_update_timeout,
    pin:
      r.pin_package_id === null ? null : { packageId: r.pin_package_id, allowDowngrade: bool(r.pin_allow_downgrade) },
    staged: {
      percent: Number(r.staged_percent),
      schedule:
        r.staged_start_at === null ? null : { startAt: r.staged_start_at, durationSeconds: r.staged_duration ?? 0 },
    },
    autoHalt: {
      enabled: bool(r.halt_enabled),
      windowSeconds: r.halt_window,
      threshold: Number(r.halt_threshold),
      minSamples: r.halt_min_samples,
    },
  };
  return {
    id: r.id,
    appId: r.app_id,
    name: r.name,
    description: r.description,
    track: r.track,
    channelId: r.channel_id,
    policy,
    rollout: {
      inProgress: bool(r.rollout_in_progress),
      version: r.rollout_version,
      halted: r.halted_at === null ? null : { at: r.halted_at, reason: r.halted_reason ?? '' },
      ...(r.resumed_at !== null && r.resumed_at !== undefined ? { resumedAt: r.resumed_at } : {}),
    },
    createdAt: r.created_at,
  };
}

/** The policy's columns of update_groups. */
export function policyColumns(p: GroupPolicy) {
  return {
    policy_updates_enabled: flag(p.updatesEnabled),
    policy_safe_mode: flag(p.safeMode),
    policy_office_hours: flag(p.officeHours),
    policy_timezone: p.timezone,
    policy_period_interval: p.periodIntervalSeconds,
    policy_max_updates_per_period: p.maxUpdatesPerPeriod,
    policy_update_timeout: p.updateTimeoutSeconds,
    pin_package_id: p.pin?.packageId ?? null,
    pin_allow_downgrade: flag(p.pin?.allowDowngrade ?? false),
    staged_percent: p.staged.percent,
    staged_start_at: p.staged.schedule?.startAt ?? null,
    staged_duration: p.staged.schedule?.durationSeconds ?? null,
    halt_enabled: flag(p.autoHalt.enabled),
    halt_window: p.autoHalt.windowSeconds,
    halt_threshold: p.autoHalt.threshold,
    halt_min_samples: p.autoHalt.minSamples,
  };
}

export const toInstance = (r: Selectable<UpdateInstancesTable>): Instance => ({
  id: r.id,
  ip: r.ip,
  alias: r.alias,
  oem: r.oem,
  oemVersion: r.oem_version,
  alephVersion: r.aleph_version,
  createdAt: r.created_at,
});

export const toInstanceApp = (r: Selectable<UpdateInstanceAppsTable>): InstanceApp => ({
  instanceId: r.instance_id,
  appId: r.app_id,
  groupId: r.group_id,
  version: r.version,
  status: r.status as InstanceStatus,
  lastCheckAt: r.last_check_at,
  lastUpdateGrantedAt: r.last_update_granted_at,
  lastUpdateVersion: r.last_update_version,
  lastUpdateFromVersion: r.last_update_from_version,
  updateInProgress: bool(r.update_in_progress),
});

export const toEvent = (r: Selectable<UpdateEventsTable>): UpdateEvent => ({
  id: r.id,
  instanceId: r.instance_id,
  appId: r.app_id,
  groupId: r.group_id,
  type: r.type,
  result: r.result,
  errorCode: r.error_code,
  rawErrorCode: r.raw_error_code,
  previousVersion: r.previous_version,
  version: r.version,
  createdAt: r.created_at,
});

export const toActivity = (r: Selectable<UpdateActivityTable>): Activity => ({
  id: r.id,
  class: r.class as ActivityClass,
  severity: r.severity as Severity,
  appId: r.app_id,
  groupId: r.group_id,
  channelId: r.channel_id,
  instanceId: r.instance_id,
  version: r.version,
  message: r.message,
  createdAt: r.created_at,
});
