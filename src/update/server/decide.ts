import { admit, haltVerdict, type PolicyRefusal } from './admit.js';
import { InstanceStatus, type HaltSample, type Package, type RolloutStats } from './model.js';
import { offerFor, type NoUpdateReason, type OfferInput } from './offer.js';

/**
 * One update check's verdict, from the machine's state, its group and the
 * counts the policy reads: the offer (§2.3 steps 2–6), then auto-halt, then
 * the rollout policy (step 7). Pure; the Omaha service reads the inputs and
 * writes what the decision says in one transaction.
 */
export interface DecideInput extends OfferInput {
  /** Only a candidate grant reads the counts: callers may read them after `offerFor` says `candidate`, and pass zeros otherwise. */
  readonly stats: RolloutStats;
  readonly haltSample: HaltSample;
}

export type AppStatus = 'ok' | 'error-noPackageFound' | 'error-updateInProgressOnInstance' | PolicyRefusal;

export type Decision =
  | { readonly kind: 'noupdate'; readonly reason: NoUpdateReason; readonly markComplete: boolean }
  | {
      readonly kind: 'update';
      readonly pkg: Package;
      readonly isFloor: boolean;
      /** A first grant (write the grant) or a resend of an earlier one (write nothing). */
      readonly grant: boolean;
      readonly downgrade: boolean;
    }
  | {
      readonly kind: 'refused';
      readonly appStatus: Exclude<AppStatus, 'ok'>;
      readonly reason: string;
      /** Status to give the machine (OnHold for the limits), if any. */
      readonly instanceStatus: InstanceStatus | null;
      readonly disableUpdates: boolean;
      /** Auto-halt fired now: halt the group with this reason. */
      readonly halt: string | null;
    };

export function decide(input: DecideInput): Decision {
  const offer = offerFor(input);
  switch (offer.kind) {
    case 'noupdate':
      return { kind: 'noupdate', reason: offer.reason, markComplete: offer.complete };
    case 'refused':
      return {
        kind: 'refused',
        appStatus: offer.appStatus,
        reason:
          offer.appStatus === 'error-noPackageFound'
            ? 'the group has no channel or its channel no package'
            : 'an update is in progress on the machine',
        instanceStatus: null,
        disableUpdates: false,
        halt: null,
      };
    case 'resend':
      return { kind: 'update', pkg: offer.pkg, isFloor: offer.isFloor, grant: false, downgrade: false };
    case 'candidate':
      break;
  }
  const verdict = haltVerdict(input.group, input.haltSample);
  if (verdict.halt) {
    return {
      kind: 'refused',
      appStatus: 'error-rolloutHalted',
      reason: `the rollout is halted: ${verdict.reason}`,
      instanceStatus: null,
      disableUpdates: false,
      halt: verdict.reason,
    };
  }
  const a = admit({ now: input.now, group: input.group, stats: input.stats });
  if (a.kind === 'refuse') {
    return {
      kind: 'refused',
      appStatus: a.appStatus,
      reason: a.reason,
      instanceStatus: a.onHold ? InstanceStatus.OnHold : null,
      disableUpdates: a.disableUpdates,
      halt: null,
    };
  }
  return { kind: 'update', pkg: offer.pkg, isFloor: offer.isFloor, grant: true, downgrade: offer.downgrade };
}
