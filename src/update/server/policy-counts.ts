import { haltSampleSince } from './admit.js';
import type { Group, HaltSample, RolloutStats } from './model.js';
import type { UpdateRepository } from './repository.js';

const DAY_MS = 86_400_000;

/**
 * The counts the rollout policy and the auto-halt read for a group at `now`
 * (update.md §2.3 step 7): machines seen in the last day, granted in the
 * period, in progress within / past the update timeout, attempted the version;
 * and the auto-halt sample since the window's start or the last resume.
 */
export async function policyCounts(
  repo: UpdateRepository,
  group: Group,
  version: string,
  now: Date,
): Promise<{ stats: RolloutStats; haltSample: HaltSample }> {
  const t = now.getTime();
  const p = group.policy;
  const stats = await repo.rolloutStats(group.id, {
    seenSince: new Date(t - DAY_MS).toISOString(),
    periodStart: new Date(t - p.periodIntervalSeconds * 1000).toISOString(),
    timeoutStart: new Date(t - p.updateTimeoutSeconds * 1000).toISOString(),
    version,
  });
  const haltSample = await repo.haltSample(group.id, version, haltSampleSince(group, now));
  return { stats, haltSample };
}
