import {
  Conflicts,
  mergeApp,
  mergeChannel,
  mergeGroup,
  mergePackage,
  newApp,
  newChannel,
  newGroup,
  newPackage,
  normaliseId,
  packageUsers,
  type App,
  type Channel,
  type Group,
  type Package,
  type UpdateRepository,
} from '../../../update/index.js';
import { sortBy, type MemoryState } from './state.js';

type CatalogOps = Pick<
  UpdateRepository,
  | 'listApps'
  | 'getApp'
  | 'findApp'
  | 'createApp'
  | 'updateApp'
  | 'deleteApp'
  | 'listPackages'
  | 'getPackage'
  | 'createPackage'
  | 'updatePackage'
  | 'deletePackage'
  | 'listChannels'
  | 'getChannel'
  | 'createChannel'
  | 'updateChannel'
  | 'deleteChannel'
  | 'listFloors'
  | 'putFloor'
  | 'deleteFloor'
  | 'listGroups'
  | 'getGroup'
  | 'findGroupByTrack'
  | 'createGroup'
  | 'updateGroup'
  | 'deleteGroup'
  | 'setRollout'
>;

/** Applications, packages, channels, floors and groups in memory: the same checks, in the same order, as the store. */
export function catalogOps(s: MemoryState): CatalogOps {
  const checkApp = (a: App): void => {
    if ([...s.apps.values()].some((x) => x.id !== a.id && x.name === a.name)) throw Conflicts.appName(a.name);
    const pid = a.productId?.toLowerCase();
    const byProduct = [...s.apps.values()].find(
      (x) => x.id !== a.id && pid !== undefined && x.productId?.toLowerCase() === pid,
    );
    if (byProduct && a.productId !== null) throw Conflicts.productId(a.productId, byProduct.name);
  };
  const checkPackage = (p: Package): void => {
    if (!s.apps.has(p.appId)) throw Conflicts.missing('app', p.appId);
    for (const c of p.blacklistChannelIds) if (!s.channels.has(c)) throw Conflicts.missing('channel', c);
    const taken = [...s.packages.values()].some(
      (x) => x.id !== p.id && x.appId === p.appId && x.version === p.version && x.arch === p.arch,
    );
    if (taken) throw Conflicts.packageVersion(p.version, p.arch);
  };
  const checkChannel = (c: Channel): void => {
    if (!s.apps.has(c.appId)) throw Conflicts.missing('app', c.appId);
    if (c.packageId !== null && !s.packages.has(c.packageId)) throw Conflicts.missing('package', c.packageId);
    const taken = [...s.channels.values()].some(
      (x) => x.id !== c.id && x.appId === c.appId && x.name === c.name && x.arch === c.arch,
    );
    if (taken) throw Conflicts.channelName(c.name, c.arch);
  };
  const checkGroup = (g: Group): void => {
    if (!s.apps.has(g.appId)) throw Conflicts.missing('app', g.appId);
    if (g.channelId !== null && !s.channels.has(g.channelId)) throw Conflicts.missing('channel', g.channelId);
    const pin = g.policy.pin?.packageId;
    if (pin !== undefined && !s.packages.has(pin)) throw Conflicts.missing('package', pin);
    if ([...s.groups.values()].some((x) => x.id !== g.id && x.appId === g.appId && x.name === g.name))
      throw Conflicts.groupName(g.name);
  };
  const removeChannel = (id: string): void => {
    s.channels.delete(id);
    s.floors = s.floors.filter((f) => f.channelId !== id);
    for (const p of s.packages.values()) {
      if (p.blacklistChannelIds.includes(id))
        s.packages.set(p.id, { ...p, blacklistChannelIds: p.blacklistChannelIds.filter((c) => c !== id) });
    }
  };
  const removeGroup = (id: string): void => {
    s.groups.delete(id);
    for (const [key, state] of s.instanceApps) if (state.groupId === id) s.instanceApps.delete(key);
  };
  const ofApp = <T extends { appId: string }>(m: Map<string, T>, appId: string): T[] =>
    [...m.values()].filter((x) => x.appId === appId);

  return {
    listApps: async () => sortBy(s.apps.values(), [(a) => a.createdAt], [(a) => a.name]),
    getApp: async (id) => s.apps.get(id),
    findApp: async (idOrProductId) => {
      const pid = idOrProductId.trim().toLowerCase();
      return (
        s.apps.get(normaliseId(idOrProductId)) ?? [...s.apps.values()].find((a) => a.productId?.toLowerCase() === pid)
      );
    },
    createApp: async (input, now) => {
      const app = newApp(input, input.id ?? crypto.randomUUID(), now);
      if (s.apps.has(app.id)) throw Conflicts.appId(app.id);
      checkApp(app);
      s.apps.set(app.id, app);
      return app;
    },
    updateApp: async (id, patch) => {
      const old = s.apps.get(id);
      if (!old) return undefined;
      const app = mergeApp(old, patch);
      checkApp(app);
      s.apps.set(id, app);
      return app;
    },
    deleteApp: async (id) => {
      if (!s.apps.delete(id)) return false;
      for (const g of ofApp(s.groups, id)) removeGroup(g.id);
      for (const c of ofApp(s.channels, id)) removeChannel(c.id);
      for (const p of ofApp(s.packages, id)) s.packages.delete(p.id);
      for (const x of ofApp(s.instanceApps, id)) s.instanceApps.delete(`${x.instanceId}\u0000${id}`);
      s.history = s.history.filter((h) => h.appId !== id);
      s.events = s.events.filter((e) => e.appId !== id);
      s.activity = s.activity.filter((a) => a.appId !== id);
      return true;
    },

    listPackages: async (appId) =>
      sortBy(ofApp(s.packages, appId), [(p) => p.createdAt], [(p) => p.version], [(p) => p.arch]),
    getPackage: async (id) => s.packages.get(id),
    createPackage: async (input, now) => {
      const p = newPackage(input, input.id ?? crypto.randomUUID(), now);
      checkPackage(p);
      s.packages.set(p.id, p);
      return p;
    },
    updatePackage: async (id, patch) => {
      const old = s.packages.get(id);
      if (!old) return undefined;
      const p = mergePackage(old, patch);
      checkPackage(p);
      s.packages.set(id, p);
      return p;
    },
    deletePackage: async (id) => {
      const p = s.packages.get(id);
      if (!p) return false;
      const byName = <T extends { name: string }>(xs: T[]): T[] => sortBy(xs, [(x) => x.name]);
      const users = [
        ...byName([...s.channels.values()].filter((c) => c.packageId === id)).map((c) =>
          packageUsers.channel(c.name, c.arch),
        ),
        ...byName(s.floors.filter((f) => f.packageId === id).map((f) => s.channels.get(f.channelId)!)).map((c) =>
          packageUsers.floor(c.name, c.arch),
        ),
        ...byName([...s.groups.values()].filter((g) => g.policy.pin?.packageId === id)).map((g) =>
          packageUsers.pin(g.name),
        ),
      ];
      if (users.length > 0) throw Conflicts.packageInUse(p.version, p.arch, users);
      return s.packages.delete(id);
    },

    listChannels: async (appId) =>
      sortBy(ofApp(s.channels, appId), [(c) => c.createdAt], [(c) => c.name], [(c) => c.arch]),
    getChannel: async (id) => s.channels.get(id),
    createChannel: async (input, now) => {
      const c = newChannel(input, crypto.randomUUID(), now);
      checkChannel(c);
      s.channels.set(c.id, c);
      return c;
    },
    updateChannel: async (id, patch) => {
      const old = s.channels.get(id);
      if (!old) return undefined;
      const c = mergeChannel(old, patch);
      checkChannel(c);
      s.channels.set(id, c);
      return c;
    },
    deleteChannel: async (id) => {
      const c = s.channels.get(id);
      if (!c) return false;
      const users = sortBy(
        [...s.groups.values()].filter((g) => g.channelId === id),
        [(g) => g.name],
      );
      if (users.length > 0)
        throw Conflicts.channelInUse(
          c.name,
          c.arch,
          users.map((g) => g.name),
        );
      removeChannel(id);
      return true;
    },
    listFloors: async (channelId) =>
      sortBy(
        s.floors.filter((f) => f.channelId === channelId),
        [(f) => s.packages.get(f.packageId)!.createdAt],
        [(f) => f.packageId],
      ),
    putFloor: async (floor) => {
      if (!s.channels.has(floor.channelId)) throw Conflicts.missing('channel', floor.channelId);
      if (!s.packages.has(floor.packageId)) throw Conflicts.missing('package', floor.packageId);
      s.floors = [
        ...s.floors.filter((f) => f.channelId !== floor.channelId || f.packageId !== floor.packageId),
        { ...floor },
      ];
    },
    deleteFloor: async (channelId, packageId) => {
      const before = s.floors.length;
      s.floors = s.floors.filter((f) => f.channelId !== channelId || f.packageId !== packageId);
      return s.floors.length < before;
    },

    listGroups: async (appId) => sortBy(ofApp(s.groups, appId), [(g) => g.createdAt], [(g) => g.name]),
    getGroup: async (id) => s.groups.get(id),
    findGroupByTrack: async (appId, track, arch) => {
      const candidates = sortBy(
        ofApp(s.groups, appId).filter((g) => g.channelId !== null && s.channels.get(g.channelId)?.arch === arch),
        [(g) => g.createdAt, 'desc'],
        [(g) => g.id, 'desc'],
      );
      const id = normaliseId(track);
      return candidates.find((g) => g.track === track) ?? candidates.find((g) => g.id === id);
    },
    createGroup: async (input, now) => {
      const g = newGroup(input, crypto.randomUUID(), now);
      checkGroup(g);
      s.groups.set(g.id, g);
      return g;
    },
    updateGroup: async (id, patch) => {
      const old = s.groups.get(id);
      if (!old) return undefined;
      const g = mergeGroup(old, patch);
      checkGroup(g);
      s.groups.set(id, g);
      return g;
    },
    deleteGroup: async (id) => {
      if (!s.groups.has(id)) return false;
      removeGroup(id);
      return true;
    },
    setRollout: async (groupId, rollout) => {
      const g = s.groups.get(groupId);
      if (g) s.groups.set(groupId, { ...g, rollout });
    },
  };
}
