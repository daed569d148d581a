import { AppError } from '../../core/index.js';
import type { Arch, PackageArch } from './model.js';

/**
 * The CONFLICT errors of the UpdateRepository port, one sentence each, shared
 * by the database and memory implementations so both say the same thing.
 */
export const conflict = (message: string): AppError => new AppError('CONFLICT', message);

export const Conflicts = {
  missing: (what: 'app' | 'package' | 'channel' | 'group' | 'instance', id: string) =>
    conflict(`there is no ${what} with id "${id}"`),
  appId: (id: string) => conflict(`an app with id "${id}" exists already`),
  appName: (name: string) => conflict(`an app named "${name}" exists already`),
  productId: (productId: string, appName: string) =>
    conflict(`the product id "${productId}" is taken by app "${appName}" (product ids ignore case)`),
  packageVersion: (version: string, arch: PackageArch) =>
    conflict(`this app has a package ${version} for ${arch} already`),
  channelName: (name: string, arch: Arch) => conflict(`this app has a channel "${name}" for ${arch} already`),
  groupName: (name: string) => conflict(`this app has a group named "${name}" already`),
  packageInUse: (version: string, arch: PackageArch, users: readonly string[]) =>
    conflict(`package ${version} (${arch}) is still in use: ${users.join('; ')}`),
  channelInUse: (name: string, arch: Arch, groups: readonly string[]) =>
    conflict(`channel "${name}" (${arch}) is still used by ${groups.map((g) => `group "${g}"`).join(', ')}`),
  /** A unique or reference violation found by the database after the checks (another writer was faster). */
  raced: (what: string) => conflict(`${what} conflicts with a change made at the same moment; nothing was changed`),
} as const;

/** What still refers to a package, as the words of Conflicts.packageInUse. */
export const packageUsers = {
  channel: (name: string, arch: Arch) => `channel "${name}" (${arch}) points at it`,
  floor: (name: string, arch: Arch) => `it is a floor of channel "${name}" (${arch})`,
  pin: (group: string) => `group "${group}" is pinned to it`,
} as const;

/** `{E96281A6-…}` → `e96281a6-…`: an appid or group id as clients may send it. */
export function normaliseId(id: string): string {
  return id
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .trim()
    .toLowerCase();
}
