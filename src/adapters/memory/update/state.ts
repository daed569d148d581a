import {
  SEED_APP,
  SEED_CHANNELS,
  SEED_GROUPS,
  type Activity,
  type App,
  type Channel,
  type Floor,
  type Group,
  type Instance,
  type InstanceApp,
  type Package,
  type PageQuery,
  type StatusChange,
  type UpdateEvent,
} from '../../../update/index.js';

/** A machine as the memory store keeps it: the entity plus retention's fields. */
export interface StoredInstance {
  readonly instance: Instance;
  readonly lastSeen: string;
  readonly hidden: boolean;
}

/**
 * Everything the memory repository holds. Entities are never mutated, only
 * replaced, so a snapshot (for rollback) is a copy of the collections.
 */
export interface MemoryState {
  apps: Map<string, App>;
  packages: Map<string, Package>;
  channels: Map<string, Channel>;
  floors: Floor[];
  groups: Map<string, Group>;
  instances: Map<string, StoredInstance>;
  /** Keyed by stateKey(instanceId, appId). */
  instanceApps: Map<string, InstanceApp>;
  history: (StatusChange & { readonly id: string })[];
  events: UpdateEvent[];
  activity: Activity[];
}

export const stateKey = (instanceId: string, appId: string): string => `${instanceId}\u0000${appId}`;

/** A new state holding the seed (the same rows as migration 0003_update). */
export function seededState(): MemoryState {
  return {
    apps: new Map([[SEED_APP.id, SEED_APP]]),
    packages: new Map(),
    channels: new Map(SEED_CHANNELS.map((c) => [c.id, c])),
    floors: [],
    groups: new Map(SEED_GROUPS.map((g) => [g.id, g])),
    instances: new Map(),
    instanceApps: new Map(),
    history: [],
    events: [],
    activity: [],
  };
}

export function snapshot(s: MemoryState): MemoryState {
  return {
    apps: new Map(s.apps),
    packages: new Map(s.packages),
    channels: new Map(s.channels),
    floors: [...s.floors],
    groups: new Map(s.groups),
    instances: new Map(s.instances),
    instanceApps: new Map(s.instanceApps),
    history: [...s.history],
    events: [...s.events],
    activity: [...s.activity],
  };
}

/** Compares as the databases do with a binary (C) collation, for ASCII at least. */
export function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts by several keys; each key is a value getter and a direction. */
export function sortBy<T>(items: Iterable<T>, ...keys: readonly [(x: T) => string | number, ('asc' | 'desc')?][]): T[] {
  return [...items].sort((x, y) => {
    for (const [get, dir] of keys) {
      const c = cmp(get(x), get(y));
      if (c !== 0) return dir === 'desc' ? -c : c;
    }
    return 0;
  });
}

export function pageOf<T>(
  items: readonly T[],
  q: PageQuery,
): { items: T[]; total: number; page: number; perPage: number } {
  const perPage = Math.max(1, Math.floor(q.perPage));
  const page = Math.max(1, Math.floor(q.page));
  return { items: items.slice((page - 1) * perPage, page * perPage), total: items.length, page, perPage };
}
