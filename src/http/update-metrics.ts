import { Counter, Gauge, type Registry } from 'prom-client';
import type { CheckInResult, Group, UpdateObserver, UpdateRepository } from '../update/index.js';
import { INSTANCE_STATUS_NAMES } from '../update/index.js';

/** The update service's metrics on /metrics (docs/update-server.md#metrics). */
export interface UpdateMetrics extends UpdateObserver {
  readonly omahaRejected: Counter<'code'>;
  readonly omahaFailed: Counter;
  countCheckIn(result: CheckInResult): void;
}

export function createUpdateMetrics(registry: Registry, repo: UpdateRepository): UpdateMetrics {
  const opts = <L extends string>(name: string, help: string, labelNames: readonly L[]) => ({
    name,
    help,
    labelNames,
    registers: [registry],
  });
  new Gauge({
    ...opts(
      'hull_update_instances',
      'Machines by application, channel, group, version and status (hidden ones left out).',
      ['app', 'channel', 'group', 'version', 'status'] as const,
    ),
    async collect() {
      this.reset();
      const names = new Map<string, string>();
      const name = async (kind: 'group' | 'channel', id: string | null): Promise<string> => {
        if (id === null) return '';
        const key = `${kind}:${id}`;
        if (!names.has(key))
          names.set(
            key,
            (kind === 'group' ? (await repo.getGroup(id))?.name : (await repo.getChannel(id))?.name) ?? id,
          );
        return names.get(key)!;
      };
      for (const c of await repo.instanceCounts()) {
        this.set(
          {
            app: c.appId,
            channel: await name('channel', c.channelId),
            group: await name('group', c.groupId),
            version: c.version,
            status: INSTANCE_STATUS_NAMES[c.status],
          },
          c.instances,
        );
      }
    },
  });
  const checks = new Counter(
    opts(
      'hull_update_checks_total',
      'Omaha update checks answered, by outcome: update, noupdate, refused (an error-… status).',
      ['outcome'] as const,
    ),
  );
  const grants = new Counter(
    opts('hull_update_grants_total', 'Updates granted, by group and version.', ['group', 'version'] as const),
  );
  const failures = new Counter(
    opts('hull_update_failures_total', 'Update failures reported (event 3/0 other than 44), by group.', [
      'group',
    ] as const),
  );
  const rollbacks = new Counter(
    opts('hull_update_rollbacks_total', 'Rollbacks (error 44, or a machine back on its previous version), by group.', [
      'group',
    ] as const),
  );
  const halts = new Counter(
    opts('hull_update_halts_total', 'Rollouts halted by auto-halt, by group.', ['group'] as const),
  );
  const omahaRejected = new Counter(
    opts(
      'hull_omaha_rejected_total',
      'Omaha requests refused by the codec, by code (OMAHA_NOT_XML, OMAHA_TOO_LARGE, …).',
      ['code'] as const,
    ),
  );
  const omahaFailed = new Counter(
    opts('hull_omaha_failed_total', 'Omaha check-ins that failed inside the server (database errors).', [] as const),
  );
  const g = (group: Group) => ({ group: group.name });
  return {
    omahaRejected,
    omahaFailed,
    countCheckIn(result) {
      if (result.updateCheck === null) return;
      checks.inc({
        outcome:
          result.updateCheck.status === 'ok'
            ? 'update'
            : result.updateCheck.status === 'noupdate'
              ? 'noupdate'
              : 'refused',
      });
    },
    granted: (group, version) => grants.inc({ ...g(group), version }),
    failed: (group) => failures.inc(g(group)),
    rolledBack: (group) => rollbacks.inc(g(group)),
    halted: (group) => halts.inc(g(group)),
  };
}
