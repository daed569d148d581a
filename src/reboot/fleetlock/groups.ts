/**
 * The FleetLock server's groups and their slot counts, as a port: Hull keeps
 * them in its store (`src/adapters/db/fleetlock/groups.ts`), set through the
 * management API and `hull fleetlock group …`. A group name follows Zincati's
 * rule (`GROUP_PATTERN`), at most 253 characters; slots are 0 … 10000
 * (0 lets nobody reboot).
 */
import { GROUP_PATTERN } from './protocol.js';

export interface FleetLockGroup {
  readonly name: string;
  readonly slots: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface FleetLockGroups {
  list(): Promise<FleetLockGroup[]>;
  get(name: string): Promise<FleetLockGroup | undefined>;
  /** Creates the group or changes its slots; `created` says which. */
  set(name: string, slots: number): Promise<{ group: FleetLockGroup; created: boolean }>;
  /** Removes the group; false when there was none. Its holders stay stored. */
  delete(name: string): Promise<boolean>;
}

export const MAX_GROUP_NAME = 253;
export const MAX_SLOTS = 10_000;

/** Why a group name or slot count is refused, or undefined when fine. */
export function groupNameProblem(name: string): string | undefined {
  if (name.length > MAX_GROUP_NAME) return `a group name has at most ${MAX_GROUP_NAME} characters`;
  if (!GROUP_PATTERN.test(name)) return `group ${JSON.stringify(name)} does not match ${GROUP_PATTERN.source}`;
  return undefined;
}

export function slotsProblem(slots: number): string | undefined {
  return Number.isSafeInteger(slots) && slots >= 0 && slots <= MAX_SLOTS
    ? undefined
    : `slots must be an integer from 0 to ${MAX_SLOTS}`;
}

/** The groups as the lock service reads them (name → slots). */
export async function slotMap(groups: FleetLockGroups): Promise<ReadonlyMap<string, number>> {
  return new Map((await groups.list()).map((g) => [g.name, g.slots]));
}
