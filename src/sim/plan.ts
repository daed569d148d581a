/**
 * A checked scenario: what `hull sim check` prints and `hull sim run` will
 * play. Times are milliseconds since the simulation's start; policy durations
 * whole seconds, as the update server keeps them.
 */
import type { GroupPolicy } from '../update/index.js';
import type { RebootWindow } from '../reboot/index.js';
import type { HALTED_BY, LOCK_KINDS, OUTCOMES, STRATEGIES } from './scenario-schema.js';

export type Outcome = (typeof OUTCOMES)[number];
export type RebootStrategy = (typeof STRATEGIES)[number];
export type LockKind = (typeof LOCK_KINDS)[number];
export type HaltedBy = (typeof HALTED_BY)[number];

export interface PlanRelease {
  readonly version: string;
  readonly outcome: Outcome;
  /** The share of machines on which the release fails its health gate: 1 for fails-health, 0 for boots. */
  readonly failShare: number;
}

export interface PlanChannel {
  readonly name: string;
  readonly release: string | null;
}

/** The server's policy, with the pin naming a release and the staged schedule a simulation time. */
export interface PlanPolicy extends Omit<GroupPolicy, 'pin' | 'staged'> {
  readonly pin: { readonly release: string; readonly allowDowngrade: boolean } | null;
  readonly staged: {
    readonly percent: number;
    readonly schedule: { readonly startAtMs: number; readonly durationSeconds: number } | null;
  };
}

export interface PlanGroup {
  readonly name: string;
  readonly channel: string;
  readonly policy: PlanPolicy;
}

export interface PlanFleetGroup {
  readonly group: string;
  readonly machines: number;
  readonly version: string;
  readonly strategy: RebootStrategy;
  readonly window: RebootWindow | null;
  readonly neverReboots: number;
  readonly flakyNetwork: { readonly machines: number; readonly dropRate: number } | null;
}

export type PlanAction =
  | { readonly kind: 'promote'; readonly release: string; readonly channel: string }
  | { readonly kind: 'halt'; readonly group: string; readonly reason: string }
  | { readonly kind: 'resume'; readonly group: string }
  | { readonly kind: 'pin'; readonly group: string; readonly release: string; readonly allowDowngrade: boolean }
  | { readonly kind: 'unpin'; readonly group: string };

export interface PlanEvent {
  readonly atMs: number;
  /** Where it stands in the file (events are sorted by time, stable). */
  readonly index: number;
  readonly action: PlanAction;
}

export interface PlanExpect {
  readonly finalVersions: Readonly<Record<string, string>>;
  readonly maxParallelReboots: number | null;
  readonly haltedBy: Readonly<Record<string, HaltedBy>>;
}

export interface ScenarioPlan {
  readonly name: string;
  readonly description: string;
  /** The virtual clock's start (ISO 8601 UTC) and in ms since the epoch. */
  readonly start: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly seed: number | null;
  readonly releases: readonly PlanRelease[];
  readonly channels: readonly PlanChannel[];
  readonly groups: readonly PlanGroup[];
  readonly lock: { readonly kind: LockKind; readonly max: number } | null;
  readonly fleet: readonly PlanFleetGroup[];
  readonly machines: number;
  readonly events: readonly PlanEvent[];
  readonly expect: PlanExpect;
}
