import { DEFAULT_POLICY, type App, type Channel, type Group, type GroupPolicy, type Package } from './model.js';
import type { GroupPatch, NewApp, NewChannel, NewGroup, NewPackage } from './repository.js';

/**
 * How the repository port builds a new entity from its input and applies a
 * patch (fields left out or `undefined` keep their value; `null` clears a
 * nullable one). Shared by every UpdateRepository implementation, so they
 * agree to the field.
 */

export function withoutUndefined<T extends object>(patch: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(patch ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const sorted = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

export function newApp(input: NewApp, id: string, now: string): App {
  return {
    id,
    name: input.name,
    description: input.description ?? '',
    productId: input.productId ?? null,
    createdAt: now,
  };
}

export function mergeApp(old: App, patch: Partial<NewApp>): App {
  const { id: _id, ...rest } = withoutUndefined(patch);
  return { ...old, ...rest };
}

export function newPackage(input: NewPackage, id: string, now: string): Package {
  return {
    ...input,
    id,
    extraFiles: input.extraFiles ?? [],
    blacklistChannelIds: sorted(input.blacklistChannelIds ?? []),
    description: input.description ?? '',
    createdAt: now,
  };
}

export function mergePackage(old: Package, patch: Partial<NewPackage>): Package {
  const merged = { ...old, ...withoutUndefined(patch) };
  return { ...merged, blacklistChannelIds: sorted(merged.blacklistChannelIds) };
}

export function newChannel(input: NewChannel, id: string, now: string): Channel {
  return {
    id,
    appId: input.appId,
    name: input.name,
    arch: input.arch,
    color: input.color ?? '',
    packageId: input.packageId ?? null,
    createdAt: now,
  };
}

export function mergeChannel(old: Channel, patch: Partial<NewChannel>): Channel {
  return { ...old, ...withoutUndefined(patch) };
}

export function newGroup(input: NewGroup, id: string, now: string): Group {
  const policy: GroupPolicy = { ...DEFAULT_POLICY, ...withoutUndefined(input.policy) };
  return {
    id,
    appId: input.appId,
    name: input.name,
    description: input.description ?? '',
    track: input.track,
    channelId: input.channelId,
    policy,
    rollout: { inProgress: false, version: null, halted: null },
    createdAt: now,
  };
}

export function mergeGroup(old: Group, patch: GroupPatch): Group {
  const { policy, ...rest } = withoutUndefined(patch);
  return { ...old, ...rest, policy: { ...old.policy, ...withoutUndefined(policy) } };
}
