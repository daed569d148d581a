import { InstanceStatus, type Channel, type Floor, type Group, type InstanceApp, type Package } from './model.js';
import { inStagedShare } from './staged.js';
import { compareVersions } from './version.js';

/**
 * What an update check may offer a machine, before the rollout policy is
 * asked (update.md §2.3 steps 2–6, with Hull's pins, downgrades, staged
 * share and stuck-update escape). Pure: the caller has read the machine's
 * state, its group, the channel, the packages and the floors.
 */
export interface OfferInput {
  readonly now: Date;
  /** The machine's state in the app, its `version` already the one it reported now. */
  readonly instance: InstanceApp;
  readonly group: Group;
  readonly channel: Channel | undefined;
  readonly packageById: (id: string) => Package | undefined;
  /** The channel's floors. */
  readonly floors: readonly Floor[];
}

export type NoUpdateReason =
  | 'up-to-date'
  | 'granted-version-reached'
  | 'blacklisted'
  | 'not-in-staged-share'
  | 'newer-than-pin';

export type Offer =
  /** Nothing to offer; `complete` says the machine's granted update is done (mark it Complete). */
  | { readonly kind: 'noupdate'; readonly reason: NoUpdateReason; readonly complete: boolean }
  /** Refused before the policy: no package, or an update already under way on the machine. */
  | { readonly kind: 'refused'; readonly appStatus: 'error-noPackageFound' | 'error-updateInProgressOnInstance' }
  /** The machine was granted this already and asks again: send it again without asking the policy. */
  | { readonly kind: 'resend'; readonly pkg: Package; readonly isFloor: boolean }
  /** A new grant, if the rollout policy admits it. */
  | { readonly kind: 'candidate'; readonly pkg: Package; readonly isFloor: boolean; readonly downgrade: boolean };

const IN_PROGRESS: readonly InstanceStatus[] = [
  InstanceStatus.Downloading,
  InstanceStatus.Downloaded,
  InstanceStatus.Installed,
];

/** The package the group offers: its pin, else its channel's package. */
export function groupTarget(
  group: Group,
  channel: Channel | undefined,
  packageById: OfferInput['packageById'],
): Package | undefined {
  const id = group.policy.pin?.packageId ?? channel?.packageId ?? null;
  if (id === null) return undefined;
  const pkg = packageById(id);
  return pkg && pkg.appId === group.appId ? pkg : undefined;
}

/** True when the machine's update was granted longer ago than the group's update timeout. */
export function updateTimedOut(instance: InstanceApp, group: Group, now: Date): boolean {
  if (!instance.updateInProgress || instance.lastUpdateGrantedAt === null) return false;
  return now.getTime() - Date.parse(instance.lastUpdateGrantedAt) > group.policy.updateTimeoutSeconds * 1000;
}

export function offerFor(input: OfferInput): Offer {
  const { instance, group, channel, now } = input;
  // Step 2. A machine that died mid-update would otherwise be refused for ever: past the
  // group's update timeout its update counts as timed out and it may be offered again.
  if (IN_PROGRESS.includes(instance.status) && !updateTimedOut(instance, group, now)) {
    return { kind: 'refused', appStatus: 'error-updateInProgressOnInstance' };
  }
  // Step 3.
  const target = groupTarget(group, channel, input.packageById);
  if (!channel || !target) return { kind: 'refused', appStatus: 'error-noPackageFound' };
  const pin = group.policy.pin;
  const pinned = pin !== null && pin.packageId === target.id;
  const blacklisted = (p: Package): boolean => p.blacklistChannelIds.includes(channel.id);
  const order = compareVersions(instance.version, target.version);

  // Step 4. Granted before: resend what was granted, or it is done.
  if (
    instance.status === InstanceStatus.UpdateGranted &&
    instance.lastUpdateVersion !== null &&
    !updateTimedOut(instance, group, now)
  ) {
    if (!pinned && blacklisted(target)) return { kind: 'noupdate', reason: 'blacklisted', complete: true };
    const granted = instance.lastUpdateVersion;
    const reached =
      pinned && pin.allowDowngrade ? instance.version === granted : compareVersions(instance.version, granted) >= 0;
    if (reached) return { kind: 'noupdate', reason: 'granted-version-reached', complete: true };
    const path = updatePath(input, target, pinned && pin.allowDowngrade && order > 0);
    const again = path.find((p) => p.pkg.version === granted) ?? path[0];
    if (again) return { kind: 'resend', pkg: again.pkg, isFloor: again.isFloor };
  }

  // Step 5. Newer or equal: nothing, unless a pin allows going back to it.
  if (order === 0) return { kind: 'noupdate', reason: 'up-to-date', complete: false };
  if (order > 0 && !(pinned && pin.allowDowngrade)) {
    return { kind: 'noupdate', reason: pinned ? 'newer-than-pin' : 'up-to-date', complete: false };
  }
  if (!pinned && blacklisted(target)) return { kind: 'noupdate', reason: 'blacklisted', complete: false };

  // Step 6. Floors first, then the target.
  const downgrade = order > 0;
  const next = updatePath(input, target, downgrade)[0]!;
  // Hull: a staged rollout lets only its share of machines take the target; floors are not staged.
  if (!next.isFloor && !inStagedShare(instance.instanceId, target.version, group.policy.staged, now)) {
    return { kind: 'noupdate', reason: 'not-in-staged-share', complete: false };
  }
  return { kind: 'candidate', pkg: next.pkg, isFloor: next.isFloor, downgrade };
}

/**
 * The versions the machine must pass through: the channel's floors newer than
 * it and older than the target (oldest first, blacklisted ones skipped), then
 * the target. A downgrade goes straight to the target.
 */
export function updatePath(
  input: OfferInput,
  target: Package,
  downgrade: boolean,
): { pkg: Package; isFloor: boolean }[] {
  const path: { pkg: Package; isFloor: boolean }[] = [];
  if (!downgrade) {
    const floors: Package[] = [];
    for (const f of input.floors) {
      const p = input.packageById(f.packageId);
      if (!p || p.blacklistChannelIds.includes(f.channelId)) continue;
      if (compareVersions(p.version, input.instance.version) > 0 && compareVersions(p.version, target.version) < 0)
        floors.push(p);
    }
    floors.sort((a, b) => compareVersions(a.version, b.version));
    for (const p of floors) path.push({ pkg: p, isFloor: true });
  }
  path.push({ pkg: target, isFloor: false });
  return path;
}
