import type { Clock, Logger } from '../core/index.js';
import type { UpdateRepository } from '../update/index.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Retention (docs/update-server.md#retention): once at start and then every
 * hour, machines not seen for `days` are hidden and events and activity older
 * than `days` are deleted. `days` 0 keeps everything. A failed run is logged
 * and tried again at the next hour.
 */
export function startRetention(
  repo: UpdateRepository,
  clock: Clock,
  days: number,
  logger: Logger,
): { stop(): Promise<void> } {
  if (days <= 0) return { stop: async () => {} };
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    const cutoff = new Date(clock.now().getTime() - days * DAY_MS).toISOString();
    running = repo
      .prune({ hideInstancesSeenBefore: cutoff, deleteEventsBefore: cutoff, deleteActivityBefore: cutoff })
      .then((r) => {
        if (r.instancesHidden + r.eventsDeleted + r.activityDeleted > 0)
          logger.info({ ...r, before: cutoff }, 'retention: pruned');
      })
      .catch((err: unknown) => logger.warn({ err }, 'retention: pruning failed; trying again in an hour'));
  };
  run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
