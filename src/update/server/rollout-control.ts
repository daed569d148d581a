import type { Logger } from '../../core/index.js';
import { AppError } from '../../core/index.js';
import { haltVerdict } from './admit.js';
import { ActivityClass, Severity, type Group, type HaltSample } from './model.js';
import type { UpdateRepository } from './repository.js';
import { compareVersions } from './version.js';

/**
 * Changes to a group's rollout, each with its line in the activity log: the
 * auto-halt, halt and resume by hand, pins, staged percentages, and the
 * "rollout finished" note when every machine runs the version.
 */

/** Halts the group when the sample crosses its auto-halt threshold. Returns whether it halted. */
export async function haltGroup(
  repo: UpdateRepository,
  group: Group,
  sample: HaltSample,
  stamp: string,
  logger: Logger,
): Promise<boolean> {
  const verdict = haltVerdict(group, sample);
  if (!verdict.halt) return false;
  await setHalted(repo, group, `auto-halt: ${verdict.reason}`, stamp);
  logger.warn({ group: group.id, version: group.rollout.version, ...sample }, 'rollout halted');
  return true;
}

async function setHalted(repo: UpdateRepository, group: Group, reason: string, stamp: string): Promise<void> {
  await repo.setRollout(group.id, { ...group.rollout, halted: { at: stamp, reason } });
  await repo.addActivity({
    class: ActivityClass.RolloutHalted,
    severity: Severity.Error,
    appId: group.appId,
    groupId: group.id,
    channelId: group.channelId,
    instanceId: null,
    version: group.rollout.version,
    message: `rollout halted in group ${group.name}: ${reason}`,
    createdAt: stamp,
  });
}

/** Halts a group by hand. */
export async function haltByHand(
  repo: UpdateRepository,
  groupId: string,
  reason: string,
  stamp: string,
): Promise<Group> {
  return repo.transaction(
    async (tx) => {
      const g = await mustGroup(tx, groupId);
      if (!g.rollout.halted) await setHalted(tx, g, reason === '' ? 'halted by hand' : reason, stamp);
      return mustGroup(tx, groupId);
    },
    { lockGroupId: groupId },
  );
}

/** Lets a halted group grant again; the auto-halt counts only failures after this moment. */
export async function resume(repo: UpdateRepository, groupId: string, stamp: string): Promise<Group> {
  return repo.transaction(
    async (tx) => {
      const g = await mustGroup(tx, groupId);
      if (g.rollout.halted) {
        await tx.setRollout(g.id, { ...g.rollout, halted: null, resumedAt: stamp });
        await tx.addActivity({
          class: ActivityClass.RolloutResumed,
          severity: Severity.Info,
          appId: g.appId,
          groupId: g.id,
          channelId: g.channelId,
          instanceId: null,
          version: g.rollout.version,
          message: `rollout resumed in group ${g.name} (was: ${g.rollout.halted.reason})`,
          createdAt: stamp,
        });
      }
      return mustGroup(tx, groupId);
    },
    { lockGroupId: groupId },
  );
}

/** Pins the group to a package (null: follow the channel again). */
export async function pin(
  repo: UpdateRepository,
  groupId: string,
  to: { packageId: string; allowDowngrade: boolean } | null,
  stamp: string,
): Promise<Group> {
  return repo.transaction(
    async (tx) => {
      const g = await mustGroup(tx, groupId);
      let message = `group ${g.name} follows its channel again`;
      if (to) {
        const p = await tx.getPackage(to.packageId);
        if (!p || p.appId !== g.appId) throw new AppError('NOT_FOUND', `no package ${to.packageId} in the group's app`);
        message = `group ${g.name} pinned to ${p.version}${to.allowDowngrade ? ', downgrades allowed' : ''}`;
      }
      await tx.updateGroup(g.id, { policy: { pin: to } });
      await tx.addActivity({
        class: ActivityClass.GroupPinned,
        severity: Severity.Info,
        appId: g.appId,
        groupId: g.id,
        channelId: g.channelId,
        instanceId: null,
        version: null,
        message,
        createdAt: stamp,
      });
      return mustGroup(tx, groupId);
    },
    { lockGroupId: groupId },
  );
}

/** Sets the staged share (0–100), optionally with a linear ramp to 100. */
export async function stage(
  repo: UpdateRepository,
  groupId: string,
  percent: number,
  schedule: { startAt: string; durationSeconds: number } | null,
  stamp: string,
): Promise<Group> {
  if (!(percent >= 0 && percent <= 100))
    throw new AppError('REQUEST_INVALID', `percent must be between 0 and 100, not ${percent}`);
  return repo.transaction(
    async (tx) => {
      const g = await mustGroup(tx, groupId);
      await tx.updateGroup(g.id, { policy: { staged: { percent, schedule } } });
      const ramp = schedule
        ? `, rising to 100% over ${Math.round(schedule.durationSeconds / 60)} min from ${schedule.startAt}`
        : '';
      await tx.addActivity({
        class: ActivityClass.StagedPercentChanged,
        severity: Severity.Info,
        appId: g.appId,
        groupId: g.id,
        channelId: g.channelId,
        instanceId: null,
        version: g.rollout.version,
        message: `group ${g.name} staged at ${percent}%${ramp}`,
        createdAt: stamp,
      });
      return mustGroup(tx, groupId);
    },
    { lockGroupId: groupId },
  );
}

/** After a completion: when every visible machine of the group runs the rollout's version, the rollout is finished. */
export async function noteRolloutProgress(repo: UpdateRepository, groupId: string, stamp: string): Promise<void> {
  const g = await repo.getGroup(groupId);
  if (!g?.rollout.inProgress || g.rollout.version === null) return;
  const version = g.rollout.version;
  const breakdown = await repo.versionBreakdown(groupId);
  if (breakdown.some((b) => b.instances > 0 && compareVersions(b.version, version) !== 0)) return;
  await repo.setRollout(g.id, { ...g.rollout, inProgress: false });
  await repo.addActivity({
    class: ActivityClass.RolloutFinished,
    severity: Severity.Success,
    appId: g.appId,
    groupId: g.id,
    channelId: g.channelId,
    instanceId: null,
    version,
    message: `rollout of ${version} finished in group ${g.name}`,
    createdAt: stamp,
  });
}

async function mustGroup(repo: UpdateRepository, id: string): Promise<Group> {
  const g = await repo.getGroup(id);
  if (!g) throw new AppError('NOT_FOUND', `no group ${id}`);
  return g;
}
