import {
  Conflicts,
  InstanceStatus,
  withoutUndefined,
  type InstanceApp,
  type InstanceCount,
  type InstanceRow,
  type UpdateRepository,
} from '../../../update/index.js';
import { pageOf, sortBy, stateKey, type MemoryState } from './state.js';

type MachineOps = Pick<
  UpdateRepository,
  | 'upsertInstance'
  | 'getInstance'
  | 'getInstanceApp'
  | 'getInstanceRow'
  | 'updateInstanceApp'
  | 'listInstances'
  | 'statusHistory'
  | 'addEvent'
  | 'listEvents'
  | 'addActivity'
  | 'listActivity'
  | 'rolloutStats'
  | 'haltSample'
  | 'versionBreakdown'
  | 'versionReports'
  | 'instanceCounts'
  | 'prune'
>;

const SORT = {
  lastCheck: (r: InstanceRow) => r.app.lastCheckAt,
  id: (r: InstanceRow) => r.instance.id,
  alias: (r: InstanceRow) => r.instance.alias,
  version: (r: InstanceRow) => r.app.version,
  ip: (r: InstanceRow) => r.instance.ip,
} as const;

/** Machines, their events, activity, the statistics and retention in memory, as the store does them. */
export function machineOps(s: MemoryState): MachineOps {
  const rows = (): InstanceRow[] =>
    [...s.instanceApps.values()].map((app) => {
      const stored = s.instances.get(app.instanceId)!;
      return { instance: stored.instance, app, lastSeen: stored.lastSeen, hidden: stored.hidden };
    });
  const visible = (): InstanceApp[] =>
    [...s.instanceApps.values()].filter((a) => s.instances.get(a.instanceId)?.hidden === false);

  return {
    upsertInstance: async (input, now) => {
      if (!s.apps.has(input.appId)) throw Conflicts.missing('app', input.appId);
      if (!s.groups.has(input.groupId)) throw Conflicts.missing('group', input.groupId);
      const old = s.instances.get(input.instanceId)?.instance;
      const given = {
        ip: input.ip,
        alias: input.alias,
        oem: input.oem,
        oemVersion: input.oemVersion,
        alephVersion: input.alephVersion,
      };
      const kept = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== ''));
      const instance = old ? { ...old, ...kept } : { id: input.instanceId, ...given, createdAt: now };
      s.instances.set(instance.id, { instance, lastSeen: now, hidden: false });
      const key = stateKey(input.instanceId, input.appId);
      const current = s.instanceApps.get(key);
      const app: InstanceApp = current
        ? {
            ...current,
            groupId: input.groupId,
            lastCheckAt: now,
            ...(input.version !== '' ? { version: input.version } : {}),
          }
        : {
            instanceId: input.instanceId,
            appId: input.appId,
            groupId: input.groupId,
            version: input.version,
            status: InstanceStatus.Undefined,
            lastCheckAt: now,
            lastUpdateGrantedAt: null,
            lastUpdateVersion: null,
            lastUpdateFromVersion: null,
            updateInProgress: false,
          };
      s.instanceApps.set(key, app);
      return { instance, app, created: current === undefined };
    },
    getInstance: async (id) => s.instances.get(id)?.instance,
    getInstanceApp: async (instanceId, appId) => s.instanceApps.get(stateKey(instanceId, appId)),
    getInstanceRow: async (instanceId, appId) => {
      const app = s.instanceApps.get(stateKey(instanceId, appId));
      const stored = s.instances.get(instanceId);
      return app && stored
        ? { instance: stored.instance, app, lastSeen: stored.lastSeen, hidden: stored.hidden }
        : undefined;
    },
    updateInstanceApp: async (instanceId, appId, patch, now) => {
      const key = stateKey(instanceId, appId);
      const old = s.instanceApps.get(key);
      if (!old) return undefined;
      if (patch.groupId !== undefined && !s.groups.has(patch.groupId)) throw Conflicts.missing('group', patch.groupId);
      const next: InstanceApp = { ...old, ...withoutUndefined(patch) };
      s.instanceApps.set(key, next);
      if (next.status !== old.status) {
        s.history.push({
          id: crypto.randomUUID(),
          instanceId,
          appId,
          groupId: next.groupId,
          status: next.status,
          version: next.version,
          createdAt: now,
        });
      }
      return next;
    },
    listInstances: async (q) => {
      const search = q.search?.toLowerCase() ?? '';
      const matching = rows().filter(
        (r) =>
          (q.appId === undefined || r.app.appId === q.appId) &&
          (q.groupId === undefined || r.app.groupId === q.groupId) &&
          (q.status === undefined || r.app.status === q.status) &&
          (q.version === undefined || r.app.version === q.version) &&
          (q.includeHidden === true || !r.hidden) &&
          (search === '' ||
            [r.instance.id, r.instance.alias, r.instance.ip].some((v) => v.toLowerCase().includes(search))),
      );
      const sort = q.sort ?? 'lastCheck';
      const order = q.order ?? (sort === 'lastCheck' ? 'desc' : 'asc');
      return pageOf(sortBy(matching, [SORT[sort], order], [(r) => r.instance.id], [(r) => r.app.appId]), q);
    },
    statusHistory: async (instanceId, appId, limit) =>
      sortBy(
        s.history.filter((h) => h.instanceId === instanceId && h.appId === appId),
        [(h) => h.createdAt, 'desc'],
        [(h) => h.id, 'desc'],
      )
        .slice(0, Math.max(0, Math.floor(limit)))
        .map(({ id: _id, ...change }) => change),

    addEvent: async (input) => {
      if (!s.apps.has(input.appId)) throw Conflicts.missing('app', input.appId);
      if (!s.instances.has(input.instanceId)) throw Conflicts.missing('instance', input.instanceId);
      const event = { ...input, id: crypto.randomUUID() };
      s.events.push(event);
      return event;
    },
    listEvents: async (q) => {
      const matching = s.events.filter(
        (e) =>
          (q.instanceId === undefined || e.instanceId === q.instanceId) &&
          (q.appId === undefined || e.appId === q.appId) &&
          (q.groupId === undefined || e.groupId === q.groupId),
      );
      return pageOf(sortBy(matching, [(e) => e.createdAt, 'desc'], [(e) => e.id, 'desc']), q);
    },
    addActivity: async (input) => {
      if (!s.apps.has(input.appId)) throw Conflicts.missing('app', input.appId);
      const activity = { ...input, id: crypto.randomUUID() };
      s.activity.push(activity);
      return activity;
    },
    listActivity: async (q) => {
      const matching = s.activity.filter(
        (a) =>
          (q.appId === undefined || a.appId === q.appId) &&
          (q.groupId === undefined || a.groupId === q.groupId) &&
          (q.channelId === undefined || a.channelId === q.channelId) &&
          (q.instanceId === undefined || a.instanceId === q.instanceId) &&
          (q.version === undefined || a.version === q.version) &&
          (q.class === undefined || a.class === q.class) &&
          (q.severity === undefined || a.severity === q.severity) &&
          (q.from === undefined || a.createdAt >= q.from) &&
          (q.to === undefined || a.createdAt < q.to),
      );
      return pageOf(sortBy(matching, [(a) => a.createdAt, 'desc'], [(a) => a.id, 'desc']), q);
    },

    rolloutStats: async (groupId, w) => {
      const seen = [...s.instanceApps.values()].filter((a) => a.groupId === groupId && a.lastCheckAt >= w.seenSince);
      const granted = (a: InstanceApp, pred: (at: string) => boolean) =>
        a.lastUpdateGrantedAt !== null && pred(a.lastUpdateGrantedAt);
      return {
        grantedInPeriod: seen.filter((a) => granted(a, (at) => at >= w.periodStart)).length,
        inProgress: seen.filter((a) => a.updateInProgress && granted(a, (at) => at >= w.timeoutStart)).length,
        timedOut: seen.filter((a) => a.updateInProgress && granted(a, (at) => at < w.timeoutStart)).length,
        attemptedCurrent: seen.filter((a) => !a.updateInProgress && a.lastUpdateVersion === w.version).length,
      };
    },
    haltSample: async (groupId, version, since) => {
      const sample = [...s.instanceApps.values()].filter(
        (a) =>
          a.groupId === groupId &&
          a.lastUpdateVersion === version &&
          a.lastUpdateGrantedAt !== null &&
          a.lastUpdateGrantedAt >= since,
      );
      const failures = (a: InstanceApp) =>
        s.events.filter(
          (e) =>
            e.instanceId === a.instanceId &&
            e.appId === a.appId &&
            e.createdAt >= a.lastUpdateGrantedAt! &&
            e.type === 3 &&
            e.result === 0,
        );
      const rolledBack = sample.filter((a) => failures(a).some((e) => e.errorCode === 44));
      const failed = sample.filter((a) => !rolledBack.includes(a) && failures(a).some((e) => e.errorCode !== 44));
      return { granted: sample.length, failed: failed.length, rolledBack: rolledBack.length };
    },
    versionBreakdown: async (groupId) => {
      const counts = new Map<string, number>();
      for (const a of visible()) if (a.groupId === groupId) counts.set(a.version, (counts.get(a.version) ?? 0) + 1);
      return sortBy(
        [...counts].map(([version, instances]) => ({ version, instances })),
        [(x) => x.instances, 'desc'],
        [(x) => x.version, 'desc'],
      );
    },
    versionReports: async (groupId) => {
      const members = visible().filter((a) => a.groupId === groupId);
      const inGroup = new Set(members.map((a) => stateKey(a.instanceId, a.appId)));
      const made = (r: { instanceId: string; appId: string; groupId: string }) =>
        r.groupId === groupId && inGroup.has(stateKey(r.instanceId, r.appId));
      return {
        machines: members.map((a) => ({
          instanceId: a.instanceId,
          createdAt: s.instances.get(a.instanceId)!.instance.createdAt,
          version: a.version,
          lastCheckAt: a.lastCheckAt,
        })),
        reports: [
          ...s.history
            .filter(made)
            .map((r) => ({ instanceId: r.instanceId, version: r.version, status: r.status, at: r.createdAt })),
          ...s.events
            .filter(made)
            .map((r) => ({ instanceId: r.instanceId, version: r.version, status: null, at: r.createdAt })),
        ],
      };
    },
    instanceCounts: async () => {
      const counts = new Map<string, InstanceCount>();
      for (const a of visible()) {
        const key = [a.appId, a.groupId, a.version, a.status].join('\u0000');
        const old = counts.get(key);
        const channelId = s.groups.get(a.groupId)?.channelId ?? null;
        counts.set(key, {
          appId: a.appId,
          groupId: a.groupId,
          channelId,
          version: a.version,
          status: a.status,
          instances: (old?.instances ?? 0) + 1,
        });
      }
      return sortBy(counts.values(), [(c) => c.appId], [(c) => c.groupId], [(c) => c.version], [(c) => c.status]);
    },

    prune: async (w) => {
      let instancesHidden = 0;
      for (const [id, stored] of s.instances) {
        if (!stored.hidden && stored.lastSeen < w.hideInstancesSeenBefore) {
          s.instances.set(id, { ...stored, hidden: true });
          instancesHidden++;
        }
      }
      const events = s.events.length;
      s.events = s.events.filter((e) => e.createdAt >= w.deleteEventsBefore);
      const activity = s.activity.length;
      s.activity = s.activity.filter((a) => a.createdAt >= w.deleteActivityBefore);
      return {
        instancesHidden,
        eventsDeleted: events - s.events.length,
        activityDeleted: activity - s.activity.length,
      };
    },
  };
}
