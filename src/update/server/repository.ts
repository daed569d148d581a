import type { VersionReports } from './version-timeline.js';
import type {
  Activity,
  ActivityClass,
  App,
  Arch,
  Channel,
  Floor,
  Group,
  GroupPolicy,
  HaltSample,
  Instance,
  InstanceApp,
  InstanceStatus,
  Package,
  PackageFile,
  RolloutState,
  RolloutStats,
  Severity,
  StatusChange,
  UpdateEvent,
} from './model.js';

/**
 * The update service's storage port. The server core (grant decisions, the
 * Omaha handler, the API) talks only to this; `src/adapters/db/update/`
 * implements it on the Store (SQLite, PostgreSQL) and
 * `src/adapters/memory/update-repository.ts` in memory, both under one
 * conformance suite (test/update/repository-conformance.ts).
 *
 * Conventions:
 * - ids are made by the repository (`crypto.randomUUID()`), except instance ids
 *   (the machine id) and the seeded Flatcar app id;
 * - `get…` resolves to undefined when the row does not exist; updates and deletes of a
 *   missing row resolve to undefined / false;
 * - a unique or reference violation throws AppError `CONFLICT` saying which name is
 *   taken or what still refers to the row; nothing is changed;
 * - driver failures throw `STORE_QUERY_FAILED` (storeQuery);
 * - times come from the caller (`now`), never from the database clock; they are
 *   compared as text, so pass `Date.toISOString()` values only;
 * - lists are in a fixed order: apps and groups by (createdAt, name), channels
 *   by (createdAt, name, arch), packages by (createdAt, version, arch); text
 *   sorts by code point (the test databases use the C collation);
 * - history, events and activity keep the group, channel or instance id they
 *   were about after that row is deleted (they are records), but go with their app.
 */
export interface UpdateRepository {
  // ---- applications
  listApps(): Promise<readonly App[]>;
  getApp(id: string): Promise<App | undefined>;
  /** By UUID (braces and case ignored) or by product id (case-insensitive). */
  findApp(idOrProductId: string): Promise<App | undefined>;
  createApp(input: NewApp, now: string): Promise<App>;
  updateApp(id: string, patch: Partial<NewApp>): Promise<App | undefined>;
  /** Deletes the app with its packages, channels, groups, instance states, events and activity. */
  deleteApp(id: string): Promise<boolean>;

  // ---- packages
  listPackages(appId: string): Promise<readonly Package[]>;
  getPackage(id: string): Promise<Package | undefined>;
  createPackage(input: NewPackage, now: string): Promise<Package>;
  updatePackage(id: string, patch: Partial<NewPackage>): Promise<Package | undefined>;
  /** CONFLICT while a channel points at it or a floor or pin names it. */
  deletePackage(id: string): Promise<boolean>;

  // ---- channels
  listChannels(appId: string): Promise<readonly Channel[]>;
  getChannel(id: string): Promise<Channel | undefined>;
  createChannel(input: NewChannel, now: string): Promise<Channel>;
  updateChannel(id: string, patch: Partial<NewChannel>): Promise<Channel | undefined>;
  /** CONFLICT while a group uses it. Its floors and blacklist entries go with it. */
  deleteChannel(id: string): Promise<boolean>;
  /** Oldest package first (the package's createdAt, then its id). */
  listFloors(channelId: string): Promise<readonly Floor[]>;
  /** Adds or replaces (same package) a floor. */
  putFloor(floor: Floor): Promise<void>;
  deleteFloor(channelId: string, packageId: string): Promise<boolean>;

  // ---- groups
  listGroups(appId: string): Promise<readonly Group[]>;
  getGroup(id: string): Promise<Group | undefined>;
  /**
   * The group a client's `track` names, for a machine of `arch`. Only groups
   * of the app that have a channel of that arch count. First the group whose
   * track equals `track` exactly (case-sensitive); among several, the newest
   * (createdAt, then the larger id). Else the group whose id is `track`
   * (braces, spaces and case ignored). Nebraska's legacy CoreUpdate group
   * UUIDs are the seeded groups' ids, so they resolve through the second step
   * only on their own arch; mapping them to names for another arch is the
   * caller's business.
   */
  findGroupByTrack(appId: string, track: string, arch: Arch): Promise<Group | undefined>;
  createGroup(input: NewGroup, now: string): Promise<Group>;
  updateGroup(id: string, patch: GroupPatch): Promise<Group | undefined>;
  /** Deletes the machines' states in the group too (the machines join a group again at their next check). */
  deleteGroup(id: string): Promise<boolean>;
  /** Writes the whole rollout state; a missing group is no error. */
  setRollout(groupId: string, rollout: RolloutState): Promise<void>;

  // ---- instances
  /**
   * Creates or refreshes a machine and its state in `appId`. Fields given as
   * empty strings (ip, alias, oem, oemVersion, alephVersion, version) do not
   * overwrite stored ones (as Nebraska treats the alias). The machine's
   * lastSeen becomes `now` and a hidden machine is shown again. A new
   * InstanceApp starts Undefined with no update in progress; an existing one
   * gets the group, the version and lastCheckAt = `now`, its status and update
   * fields untouched. `created` is true when the machine had no state in this
   * app before (a new machine, or a known one new to the app). CONFLICT for a
   * missing app or group. Returns the state after the write.
   */
  upsertInstance(
    input: InstanceCheckIn,
    now: string,
  ): Promise<{ instance: Instance; app: InstanceApp; created: boolean }>;
  getInstance(id: string): Promise<Instance | undefined>;
  getInstanceApp(instanceId: string, appId: string): Promise<InstanceApp | undefined>;
  /**
   * A machine's state in an app with the machine, its lastSeen and whether it
   * is hidden (one read, hidden machines included): what an update check
   * compares with to skip a write that would change nothing.
   */
  getInstanceRow(instanceId: string, appId: string): Promise<InstanceRow | undefined>;
  /** Writes the given fields of a machine's app state and, when the status changes, one status-history row. */
  updateInstanceApp(
    instanceId: string,
    appId: string,
    patch: InstanceAppPatch,
    now: string,
  ): Promise<InstanceApp | undefined>;
  listInstances(query: InstanceQuery): Promise<Page<InstanceRow>>;
  /** The newest `limit` changes, newest first (createdAt, then the larger id). */
  statusHistory(instanceId: string, appId: string, limit: number): Promise<readonly StatusChange[]>;

  // ---- events and activity (lists: newest first, createdAt then the larger id)
  /** CONFLICT for a missing app or machine. */
  addEvent(event: Omit<UpdateEvent, 'id'>): Promise<UpdateEvent>;
  listEvents(query: EventQuery): Promise<Page<UpdateEvent>>;
  /** CONFLICT for a missing app. */
  addActivity(activity: Omit<Activity, 'id'>): Promise<Activity>;
  listActivity(query: ActivityQuery): Promise<Page<Activity>>;

  // ---- statistics the rules read
  /**
   * Counts over the group's machine states with lastCheckAt >= `seenSince`
   * (update.md §2.3 step 7; hidden machines are not left out, `seenSince` does
   * that). Every bound is inclusive:
   * - grantedInPeriod: lastUpdateGrantedAt >= periodStart;
   * - inProgress: updateInProgress and lastUpdateGrantedAt >= timeoutStart;
   * - timedOut: updateInProgress and lastUpdateGrantedAt < timeoutStart;
   * - attemptedCurrent: not updateInProgress and lastUpdateVersion = `version`.
   * A state never granted (lastUpdateGrantedAt null) is in none of the first three.
   */
  rolloutStats(
    groupId: string,
    q: { seenSince: string; periodStart: string; timeoutStart: string; version: string },
  ): Promise<RolloutStats>;
  /**
   * The auto-halt sample. `granted`: the group's machine states with
   * lastUpdateVersion = `version` and lastUpdateGrantedAt >= `since`. Of
   * those, each counted at most once, by the machine's events in this app
   * created at or after its lastUpdateGrantedAt:
   * - rolledBack: an event 3/0 with errorCode 44;
   * - failed: otherwise, an event 3/0 with any other errorCode or none.
   * So failed + rolledBack <= granted. A machine that comes back on its old
   * version without sending 44 counts only if the caller records that as an
   * event 3/0 with errorCode 44.
   */
  haltSample(groupId: string, version: string, since: string): Promise<HaltSample>;
  /** Machines per running version (visible ones only), most machines first, then version text descending. */
  versionBreakdown(groupId: string): Promise<readonly { version: string; instances: number }[]>;
  /**
   * What is recorded of the versions the group's machines ran (visible ones
   * now in the group): each machine's first check-in, version now and last
   * check, and its version reports in the group — status-history rows and
   * Omaha events — in no particular order. version-timeline.ts reads them.
   */
  versionReports(groupId: string): Promise<VersionReports>;
  /** Visible machines per (app, group, the group's channel, version, status) for /metrics. */
  instanceCounts(): Promise<readonly InstanceCount[]>;

  // ---- retention
  /**
   * Hides machines with lastSeen < hideInstancesSeenBefore (counting only those
   * not hidden yet); deletes events and activity created before their bounds.
   * Status history is kept.
   */
  prune(q: {
    hideInstancesSeenBefore: string;
    deleteEventsBefore: string;
    deleteActivityBefore: string;
  }): Promise<PruneResult>;

  /**
   * Runs `fn` in one transaction. With `lockGroupId`, the group's row is locked
   * first (PostgreSQL `SELECT … FOR UPDATE`; SQLite serialises writers anyway),
   * so two servers on one database decide grants for a group one at a time and
   * the policy limits hold across them. `fn` must use only the repository it is given.
   * A group that does not exist locks nothing. If `fn` throws, everything it
   * wrote is rolled back and its error is rethrown unchanged. Inside `fn`,
   * `tx.transaction(…)` just runs in the same transaction (no savepoint).
   * On SQLite and in memory, transactions (and on SQLite every other query of
   * the process) run one at a time; on PostgreSQL only transactions locking
   * the same group wait for each other.
   */
  transaction<T>(fn: (tx: UpdateRepository) => Promise<T>, options?: { lockGroupId?: string }): Promise<T>;
}

export interface NewApp {
  readonly name: string;
  readonly description?: string;
  readonly productId?: string | null;
  /** Only for seeding a well-known app id; normally made by the repository. */
  readonly id?: string;
}

/** A package as created: the stored fields but those the repository makes, with the lists and description optional. */
export type NewPackage = Omit<Package, 'id' | 'createdAt' | 'extraFiles' | 'blacklistChannelIds' | 'description'> & {
  /** Only when the caller must know the id first (a hosted file is stored under it); normally made by the repository. */
  readonly id?: string;
  readonly extraFiles?: readonly PackageFile[];
  readonly blacklistChannelIds?: readonly string[];
  readonly description?: string;
};

export interface NewChannel {
  readonly appId: string;
  readonly name: string;
  readonly arch: Arch;
  readonly color?: string;
  readonly packageId?: string | null;
}

export interface NewGroup {
  readonly appId: string;
  readonly name: string;
  readonly description?: string;
  readonly track: string;
  readonly channelId: string | null;
  readonly policy?: Partial<GroupPolicy>;
}

export type GroupPatch = Partial<Omit<NewGroup, 'appId' | 'policy'>> & { readonly policy?: Partial<GroupPolicy> };

export interface InstanceCheckIn {
  readonly instanceId: string;
  readonly appId: string;
  readonly groupId: string;
  readonly version: string;
  readonly ip: string;
  readonly alias: string;
  readonly oem: string;
  readonly oemVersion: string;
  readonly alephVersion: string;
}

export type InstanceAppPatch = Partial<Omit<InstanceApp, 'instanceId' | 'appId'>>;

export interface PageQuery {
  /** 1-based. */
  readonly page: number;
  readonly perPage: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly perPage: number;
}

export interface InstanceQuery extends PageQuery {
  readonly appId?: string;
  readonly groupId?: string;
  readonly status?: InstanceStatus;
  readonly version?: string;
  /** Substring of the machine id, alias or IP (case-insensitive). */
  readonly search?: string;
  readonly sort?: 'lastCheck' | 'id' | 'alias' | 'version' | 'ip';
  readonly order?: 'asc' | 'desc';
  /** Machines hidden by retention are left out unless this is true. */
  readonly includeHidden?: boolean;
  // Order: `sort` (default lastCheck) in `order` (default desc for lastCheck,
  // asc otherwise), then machine id and app id ascending. `search` matches
  // literally (`%` and `_` are no wildcards).
}

export interface InstanceRow {
  readonly instance: Instance;
  readonly app: InstanceApp;
  readonly lastSeen: string;
  readonly hidden: boolean;
}

export interface EventQuery extends PageQuery {
  readonly instanceId?: string;
  readonly appId?: string;
  readonly groupId?: string;
}

export interface ActivityQuery extends PageQuery {
  readonly appId?: string;
  readonly groupId?: string;
  readonly channelId?: string;
  readonly instanceId?: string;
  readonly version?: string;
  readonly class?: ActivityClass;
  readonly severity?: Severity;
  /** ISO times, inclusive / exclusive. */
  readonly from?: string;
  readonly to?: string;
}

export interface InstanceCount {
  readonly appId: string;
  readonly groupId: string;
  readonly channelId: string | null;
  readonly version: string;
  readonly status: InstanceStatus;
  readonly instances: number;
}

export interface PruneResult {
  readonly instancesHidden: number;
  readonly eventsDeleted: number;
  readonly activityDeleted: number;
}
