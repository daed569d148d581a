import type { Group, HaltSample, RolloutStats } from './model.js';
import { isOfficeHours } from './office-hours.js';

/**
 * The rollout policy's answer to a candidate grant (update.md §2.3 step 7,
 * plus Hull's halt). Pure: the caller read the group's counts in the same
 * transaction that will write the grant, with the group locked, so the limits
 * hold across servers.
 */
export type PolicyRefusal =
  | 'error-updatesDisabled'
  | 'error-rolloutHalted'
  | 'error-maxUpdatesPerPeriodLimitReached'
  | 'error-maxConcurrentUpdatesLimitReached'
  | 'error-maxTimedOutUpdatesLimitReached';

export type Admission =
  | { readonly kind: 'grant' }
  | {
      readonly kind: 'refuse';
      readonly appStatus: PolicyRefusal;
      /** Put the machine OnHold (Nebraska does for the limits, not for disabled updates). */
      readonly onHold: boolean;
      /** Turn the group's updates off (safe mode and too many timed-out updates). */
      readonly disableUpdates: boolean;
      /** Why, in one sentence, for the activity log and the server log. */
      readonly reason: string;
    };

/** Nebraska lifts the limits for max-per-period ≥ 900000 with safe mode off. */
export const UNLIMITED = 900000;

export interface AdmitInput {
  readonly now: Date;
  readonly group: Group;
  readonly stats: RolloutStats;
}

export function admit({ now, group, stats }: AdmitInput): Admission {
  const p = group.policy;
  const refuse = (appStatus: PolicyRefusal, reason: string, onHold: boolean, disableUpdates = false): Admission => ({
    kind: 'refuse',
    appStatus,
    onHold,
    disableUpdates,
    reason,
  });
  if (!p.updatesEnabled) return refuse('error-updatesDisabled', 'updates are disabled for the group', false);
  if (p.officeHours && !isOfficeHours(now, p.timezone)) {
    return refuse('error-updatesDisabled', `outside office hours (Mon–Fri 09:00–16:59 ${p.timezone})`, false);
  }
  if (group.rollout.halted)
    return refuse('error-rolloutHalted', `the rollout is halted: ${group.rollout.halted.reason}`, false);
  if (p.maxUpdatesPerPeriod >= UNLIMITED && !p.safeMode) return { kind: 'grant' };
  // Safe mode: until one machine has attempted the current version, one canary at a time.
  const limit = p.safeMode && stats.attemptedCurrent === 0 ? 1 : p.maxUpdatesPerPeriod;
  if (stats.grantedInPeriod >= limit) {
    return refuse(
      'error-maxUpdatesPerPeriodLimitReached',
      `${stats.grantedInPeriod} of ${limit} updates granted in the period`,
      true,
    );
  }
  if (stats.inProgress >= limit) {
    return refuse(
      'error-maxConcurrentUpdatesLimitReached',
      `${stats.inProgress} updates in progress, limit ${limit}`,
      true,
    );
  }
  if (p.safeMode && stats.timedOut >= limit) {
    return refuse(
      'error-maxTimedOutUpdatesLimitReached',
      `${stats.timedOut} updates timed out (limit ${limit}); updates disabled`,
      true,
      true,
    );
  }
  return { kind: 'grant' };
}

/** Where the auto-halt sample starts: the group's window back from now, but not before its last resume. */
export function haltSampleSince(group: Group, now: Date): string {
  const windowStart = now.getTime() - group.policy.autoHalt.windowSeconds * 1000;
  const resumed = group.rollout.resumedAt !== undefined ? Date.parse(group.rollout.resumedAt) : -Infinity;
  return new Date(Math.max(windowStart, resumed)).toISOString();
}

/** The halt verdict for a sample of machines granted the current version (Hull's auto-halt). */
export function haltVerdict(group: Group, sample: HaltSample): { halt: false } | { halt: true; reason: string } {
  const a = group.policy.autoHalt;
  if (!a.enabled || group.rollout.halted) return { halt: false };
  if (sample.granted < a.minSamples || sample.granted === 0) return { halt: false };
  const bad = sample.failed + sample.rolledBack;
  const share = bad / sample.granted;
  if (share < a.threshold) return { halt: false };
  const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
  return {
    halt: true,
    reason:
      `${bad} of ${sample.granted} machines granted the version within ${Math.round(a.windowSeconds / 60)} min ` +
      `failed (${sample.failed}) or rolled back (${sample.rolledBack}): ${pct(share)}, threshold ${pct(a.threshold)}`,
  };
}
