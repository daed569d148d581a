/**
 * The update service's entities, as the server core, the store adapters and
 * the API share them. Shapes follow Nebraska's data model (docs/update-server.md,
 * shared spec update.md §2.1) plus what Hull adds: pins with explicit
 * downgrades, staged rollout, auto-halt and retention.
 *
 * Times are ISO-8601 UTC strings (`Date.toISOString()`); durations are whole
 * seconds; ids are lowercase UUIDs made by the store, except an instance id,
 * which is the machine id the client sent.
 */

/** Architectures as Nebraska names them; `all` only for packages. */
export type Arch = 'amd64' | 'aarch64' | 'x86';
export const ARCHES: readonly Arch[] = ['amd64', 'aarch64', 'x86'];
export type PackageArch = Arch | 'all';

/** The Flatcar (and CoreOS) application id, seeded by the first update migration. */
export const FLATCAR_APP_ID = 'e96281a6-d1af-4bde-9a0a-97b76e56dc57';

export interface App {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** A free-form id clients may send instead of the UUID (case-insensitive, unique). */
  readonly productId: string | null;
  readonly createdAt: string;
}

/** An extension payload listed after the OS payload (`required="false"`). */
export interface PackageFile {
  readonly name: string;
  readonly size: number;
  /** Standard base64 of the SHA-1 (the Omaha `hash` attribute). */
  readonly sha1: string;
  /** Lowercase hex SHA-256 (the Omaha `hash_sha256` attribute of extension packages). */
  readonly sha256Hex: string;
}

/** The attributes of the `postinstall` action update_engine reads. */
export interface PackageAction {
  /** Canonical padded standard base64 of the whole payload's SHA-256 (44 characters). */
  readonly sha256: string;
  readonly disablePayloadBackoff: boolean;
  readonly isDelta: boolean;
  readonly maxFailureCountPerUrl: number | null;
}

export interface Package {
  readonly id: string;
  readonly appId: string;
  /** Semver-like version (`3815.2.0`); unique per (app, version, arch). */
  readonly version: string;
  readonly arch: PackageArch;
  /**
   * The codebase the payload is downloaded from (ends in `/`), or null when
   * `hull serve` hosts the file itself (the codebase is then made from the
   * server's public URL when a response is written).
   */
  readonly url: string | null;
  /** The payload's file name (`flatcar_production_update.gz`). */
  readonly filename: string;
  readonly size: number;
  /** Standard base64 of the payload's SHA-1. */
  readonly sha1: string;
  /** Lowercase hex of the payload's SHA-256. */
  readonly sha256Hex: string;
  readonly action: PackageAction;
  readonly extraFiles: readonly PackageFile[];
  /** Channels this package must never be offered in. */
  readonly blacklistChannelIds: readonly string[];
  readonly description: string;
  readonly createdAt: string;
}

export interface Channel {
  readonly id: string;
  readonly appId: string;
  /** `alpha`, `beta`, `stable` or a custom name; unique per (app, name, arch). */
  readonly name: string;
  readonly arch: Arch;
  readonly color: string;
  /** The package the channel points at; null when none yet. */
  readonly packageId: string | null;
  readonly createdAt: string;
}

/** A mandatory intermediate version of a channel. */
export interface Floor {
  readonly channelId: string;
  readonly packageId: string;
  readonly reason: string;
}

export interface StagedRollout {
  /** Share of the group's machines (0–100) that may take the channel's version now. */
  readonly percent: number;
  /**
   * When set, the share rises linearly from `percent` at `startAt` to 100 at
   * `startAt + durationSeconds` (like Cincinnati's start_value/duration).
   */
  readonly schedule: { readonly startAt: string; readonly durationSeconds: number } | null;
}

export interface AutoHalt {
  readonly enabled: boolean;
  /** Machines granted the current version within this many seconds are the sample. */
  readonly windowSeconds: number;
  /** Share (0–1) of failed or rolled-back machines in the sample that halts the group. */
  readonly threshold: number;
  /** No halt with fewer samples than this. */
  readonly minSamples: number;
}

export interface GroupPolicy {
  readonly updatesEnabled: boolean;
  readonly safeMode: boolean;
  readonly officeHours: boolean;
  /** IANA time zone for office hours (`Europe/Berlin`); `UTC` by default. */
  readonly timezone: string;
  readonly periodIntervalSeconds: number;
  readonly maxUpdatesPerPeriod: number;
  readonly updateTimeoutSeconds: number;
  /** Offer this package instead of the channel's; older ones only with allowDowngrade. */
  readonly pin: { readonly packageId: string; readonly allowDowngrade: boolean } | null;
  readonly staged: StagedRollout;
  readonly autoHalt: AutoHalt;
}

/** Nebraska's defaults (update.md §2.1), plus Hull's: nothing staged, auto-halt off. */
export const DEFAULT_POLICY: GroupPolicy = {
  updatesEnabled: true,
  safeMode: true,
  officeHours: false,
  timezone: 'UTC',
  periodIntervalSeconds: 3600,
  maxUpdatesPerPeriod: 1,
  updateTimeoutSeconds: 3600,
  pin: null,
  staged: { percent: 100, schedule: null },
  autoHalt: { enabled: false, windowSeconds: 86400, threshold: 0.2, minSamples: 5 },
};

export interface RolloutState {
  /** Nebraska's rollout_in_progress. */
  readonly inProgress: boolean;
  /** The version the last "rollout started" activity was for. */
  readonly version: string | null;
  /** Set while the group is halted (by auto-halt or by hand); `resume` clears it. */
  readonly halted: { readonly at: string; readonly reason: string } | null;
  /** When the group was last resumed: the auto-halt then counts only machines granted since. */
  readonly resumedAt?: string;
}

export interface Group {
  readonly id: string;
  readonly appId: string;
  readonly name: string;
  readonly description: string;
  /**
   * The `track` clients send (update.conf GROUP). Not unique: among groups of
   * one app with the same track and channel arch, the newest answers
   * (UpdateRepository.findGroupByTrack), as in Nebraska. Group names are unique per app.
   */
  readonly track: string;
  readonly channelId: string | null;
  readonly policy: GroupPolicy;
  readonly rollout: RolloutState;
  readonly createdAt: string;
}

/** Nebraska's instance status integers (update.md §2.2). */
export const InstanceStatus = {
  Undefined: 1,
  UpdateGranted: 2,
  Error: 3,
  Complete: 4,
  Installed: 5,
  Downloaded: 6,
  Downloading: 7,
  OnHold: 8,
} as const;
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];

export const INSTANCE_STATUS_NAMES: Readonly<Record<InstanceStatus, string>> = {
  1: 'undefined',
  2: 'granted',
  3: 'error',
  4: 'complete',
  5: 'installed',
  6: 'downloaded',
  7: 'downloading',
  8: 'onhold',
};

/** A machine, as it last presented itself. */
export interface Instance {
  /** The machine id (32 lowercase hex for Flatcar; stored as sent). */
  readonly id: string;
  readonly ip: string;
  readonly alias: string;
  readonly oem: string;
  readonly oemVersion: string;
  readonly alephVersion: string;
  readonly createdAt: string;
}

/** A machine's state within one application (Nebraska's instance_application). */
export interface InstanceApp {
  readonly instanceId: string;
  readonly appId: string;
  readonly groupId: string;
  /** The running version the machine last reported. */
  readonly version: string;
  readonly status: InstanceStatus;
  readonly lastCheckAt: string;
  readonly lastUpdateGrantedAt: string | null;
  /** The version last granted. */
  readonly lastUpdateVersion: string | null;
  /** The version the machine ran when it was last granted (to recognise a rollback). */
  readonly lastUpdateFromVersion: string | null;
  readonly updateInProgress: boolean;
}

export interface StatusChange {
  readonly instanceId: string;
  readonly appId: string;
  readonly groupId: string;
  readonly status: InstanceStatus;
  readonly version: string;
  readonly createdAt: string;
}

export interface UpdateEvent {
  readonly id: string;
  readonly instanceId: string;
  readonly appId: string;
  readonly groupId: string;
  readonly type: number;
  readonly result: number;
  /** The error code with flag bits masked off (`& 0x0FFFFFFF`); null when none was sent. */
  readonly errorCode: number | null;
  /** The error code as sent (decimal text), flags included. */
  readonly rawErrorCode: string | null;
  readonly previousVersion: string | null;
  /** The version the machine ran when it sent the event. */
  readonly version: string;
  readonly createdAt: string;
}

/** Nebraska's activity classes (update.md §2.3), then Hull's. */
export const ActivityClass = {
  PackageNotFound: 1,
  RolloutStarted: 2,
  RolloutFinished: 3,
  RolloutFailed: 4,
  InstanceUpdateFailed: 5,
  ChannelPackageUpdated: 6,
  RolloutHalted: 7,
  RolloutResumed: 8,
  GroupPinned: 9,
  StagedPercentChanged: 10,
  UpdatesDisabled: 11,
} as const;
export type ActivityClass = (typeof ActivityClass)[keyof typeof ActivityClass];

export const Severity = { Success: 1, Info: 2, Warning: 3, Error: 4 } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export interface Activity {
  readonly id: string;
  readonly class: ActivityClass;
  readonly severity: Severity;
  readonly appId: string;
  readonly groupId: string | null;
  readonly channelId: string | null;
  readonly instanceId: string | null;
  readonly version: string | null;
  /** One sentence for people (`rollout halted: 3 of 10 machines failed …`). */
  readonly message: string;
  readonly createdAt: string;
}

/** Counts over a group's machines that the granting rules read (update.md §2.3 step 7). */
export interface RolloutStats {
  /** Machines granted within the current period. */
  readonly grantedInPeriod: number;
  /** Machines with an update in progress granted within the update timeout. */
  readonly inProgress: number;
  /** Machines with an update in progress granted longer ago than the timeout. */
  readonly timedOut: number;
  /** Machines no longer in progress whose last granted version is the current one. */
  readonly attemptedCurrent: number;
}

/** The auto-halt sample: machines granted `version` within the window, and how they fared. */
export interface HaltSample {
  readonly granted: number;
  readonly failed: number;
  readonly rolledBack: number;
}
