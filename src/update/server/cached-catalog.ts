import type { Arch, Channel, Floor, Group, Package, App } from './model.js';
import type { UpdateRepository } from './repository.js';

/**
 * The catalog (applications, groups, channels, floors, packages) changes a few
 * times a day and is read on every update check. This wraps a repository so
 * those reads come from memory: an entry lives `ttlMs` (so a change made
 * through another server on the same database shows within that time), and
 * every write through this wrapper empties the cache at once. Reads inside
 * `transaction` are never cached: grants are decided on fresh rows.
 */
export function withCachedCatalog(
  repo: UpdateRepository,
  options: { ttlMs?: number; now?: () => number } = {},
): UpdateRepository {
  const ttl = options.ttlMs ?? 1000;
  const now = options.now ?? (() => Date.now());
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  const cached = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const hit = cache.get(key);
    const t = now();
    if (hit && t - hit.at < ttl) return hit.value as Promise<T>;
    const value = load();
    cache.set(key, { at: t, value });
    value.catch(() => cache.delete(key));
    if (cache.size > 50_000) cache.clear();
    return value;
  };
  const flush =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } finally {
        cache.clear();
      }
    };
  const wrapped: UpdateRepository = Object.create(null);
  for (const key of Object.keys(methodsOf(repo)) as (keyof UpdateRepository)[]) {
    const fn = (repo[key] as (...a: unknown[]) => Promise<unknown>).bind(repo);
    (wrapped as unknown as Record<string, unknown>)[key] = WRITES.has(key) ? flush(fn) : fn;
  }
  return Object.assign(wrapped, {
    findApp: (id: string): Promise<App | undefined> => cached(`app:${id}`, () => repo.findApp(id)),
    getGroup: (id: string): Promise<Group | undefined> => cached(`group:${id}`, () => repo.getGroup(id)),
    findGroupByTrack: (appId: string, track: string, arch: Arch): Promise<Group | undefined> =>
      cached(`track:${appId}\u0000${arch}\u0000${track}`, () => repo.findGroupByTrack(appId, track, arch)),
    getChannel: (id: string): Promise<Channel | undefined> => cached(`channel:${id}`, () => repo.getChannel(id)),
    listFloors: (channelId: string): Promise<readonly Floor[]> =>
      cached(`floors:${channelId}`, () => repo.listFloors(channelId)),
    getPackage: (id: string): Promise<Package | undefined> => cached(`package:${id}`, () => repo.getPackage(id)),
    // Only a transaction that changed the catalog empties the cache: most are grants refused by a limit.
    transaction: async <T>(fn: (tx: UpdateRepository) => Promise<T>, opts?: { lockGroupId?: string }): Promise<T> => {
      let dirty = false;
      try {
        return await repo.transaction((tx) => fn(markWrites(tx, () => (dirty = true))), opts);
      } finally {
        if (dirty) cache.clear();
      }
    },
  });
}

function markWrites(tx: UpdateRepository, mark: () => void): UpdateRepository {
  return new Proxy(tx, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (!WRITES.has(key as keyof UpdateRepository)) return v.bind(target);
      return (...args: unknown[]) => {
        mark();
        return (v as (...a: unknown[]) => unknown).apply(target, args); // bounded spread: one repository call's own arguments
      };
    },
  });
}

/** Methods that change the catalog or a group's rollout: any of them empties the cache. */
const WRITES = new Set<keyof UpdateRepository>([
  'createApp',
  'updateApp',
  'deleteApp',
  'createPackage',
  'updatePackage',
  'deletePackage',
  'createChannel',
  'updateChannel',
  'deleteChannel',
  'putFloor',
  'deleteFloor',
  'createGroup',
  'updateGroup',
  'deleteGroup',
  'setRollout',
]);

function methodsOf(repo: UpdateRepository): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let o: object | null = repo; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o))
      if (k !== 'constructor' && typeof (repo as unknown as Record<string, unknown>)[k] === 'function') out[k] = true;
  }
  return out;
}
