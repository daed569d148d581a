// The API's shapes the dashboard reads (src/http/routes/update/schemas.ts, fleetlock-api.ts, tokens.ts;
// the journal's as docs/dashboard.md says).
import { ActivityClass, INSTANCE_STATUS_NAMES } from '../../../src/update/server/model.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}
export interface Items<T> {
  items: T[];
}
export interface WhoAmI {
  id: string;
  role: 'admin' | 'viewer';
  name: string;
}
export interface App {
  id: string;
  name: string;
  description: string;
  productId: string | null;
  createdAt: string;
}
export interface Package {
  id: string;
  appId: string;
  version: string;
  arch: string;
  url: string | null;
  filename: string;
  size: number;
  blacklistChannelIds: string[];
  description: string;
  createdAt: string;
}
export interface Channel {
  id: string;
  appId: string;
  name: string;
  arch: string;
  color: string;
  packageId: string | null;
  createdAt: string;
}
export interface Floor {
  channelId: string;
  packageId: string;
  reason: string;
}
export interface Policy {
  updatesEnabled: boolean;
  safeMode: boolean;
  officeHours: boolean;
  timezone: string;
  periodIntervalSeconds: number;
  maxUpdatesPerPeriod: number;
  updateTimeoutSeconds: number;
  pin: { packageId: string; allowDowngrade: boolean } | null;
  staged: { percent: number; schedule: { startAt: string; durationSeconds: number } | null };
  autoHalt: { enabled: boolean; windowSeconds: number; threshold: number; minSamples: number };
}
export interface Group {
  id: string;
  appId: string;
  name: string;
  description: string;
  track: string;
  channelId: string | null;
  policy: Policy;
  rollout: { inProgress: boolean; version: string | null; halted: { at: string; reason: string } | null };
  createdAt: string;
}
export interface RolloutState {
  group: Group;
  targetVersion: string | null;
  stagedPercentNow: number;
  stats: { grantedInPeriod: number; inProgress: number; timedOut: number; attemptedCurrent: number };
  haltSample: { granted: number; failed: number; rolledBack: number };
}
export interface VersionCount {
  version: string;
  instances: number;
  percent: number;
}
export interface Instance {
  id: string;
  ip: string;
  alias: string;
  oem: string;
  oemVersion: string;
  alephVersion: string;
  createdAt: string;
}
export interface InstanceApp {
  appId: string;
  groupId: string;
  version: string;
  status: string;
  lastCheckAt: string;
  lastUpdateGrantedAt: string | null;
  lastUpdateVersion: string | null;
  lastUpdateFromVersion: string | null;
  updateInProgress: boolean;
}
export interface InstanceRow {
  instance: Instance;
  app: InstanceApp;
  lastSeen: string;
  hidden: boolean;
}
export interface StatusChange {
  status: string;
  version: string;
  createdAt: string;
  groupId: string;
}
export interface UpdateEvent {
  id: string;
  type: number;
  result: number;
  errorCode: number | null;
  rawErrorCode: string | null;
  previousVersion: string | null;
  version: string;
  createdAt: string;
}
export interface InstanceDetail {
  instance: Instance;
  apps: { app: InstanceApp; statusHistory: StatusChange[]; events: UpdateEvent[] }[];
}
export interface Activity {
  id: string;
  className: string;
  severityName: string;
  appId: string;
  groupId: string | null;
  channelId: string | null;
  instanceId: string | null;
  version: string | null;
  message: string;
  createdAt: string;
}
/** GET /api/v1/apps/:app/groups/:group/version-history */
export interface VersionHistory {
  versions: string[];
  statuses: string[];
  points: { at: string; counts: number[]; statusCounts: number[] }[];
}
export interface LockGroup {
  name: string;
  slots: number;
  holders: string[];
  /** Since when (ISO 8601) each holder holds its slot; a holder missing here: unknown (it locked through another server). */
  holderSince?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}
export interface JournalEntry {
  cursor: string;
  host: string;
  receivedAt: string;
  fields: Record<string, unknown>;
}
/** A host of `GET /api/v1/journal/hosts` (`items`): its first and last entry as ISO 8601 instants. */
export interface JournalHost {
  host: string;
  first: string | null;
  last: string | null;
  entries: number;
  bytes: number;
  boots: number;
}

/** The statuses of a machine, as the API names them. */
export const STATUSES: readonly string[] = Object.values(INSTANCE_STATUS_NAMES);
/** The activity log's kinds, as the API's `class` filter names them (kebab case). */
export const ACTIVITY_CLASSES: readonly string[] = Object.keys(ActivityClass).map((n) =>
  n.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `-${c.toLowerCase()}`)),
);
