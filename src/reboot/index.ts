/** The door of src/reboot: what other areas of src/ import from it (scripts/check-layers.ts). */
export { DEFAULT_ENDPOINTS, rebootConfigFrom } from './config.js';
export { formatGoDuration, parseGoDuration } from './duration.js';
export { MAX_GROUP_NAME, MAX_SLOTS, groupNameProblem, slotMap, slotsProblem } from './fleetlock/groups.js';
export type { FleetLockGroup, FleetLockGroups } from './fleetlock/groups.js';
export { zincatiNodeId } from './fleetlock/node-id.js';
export { DEFAULT_GROUP, GROUP_PATTERN, fleetLockErrorBody, fleetLockRequestBody } from './fleetlock/protocol.js';
export type { FleetLockIdentity } from './fleetlock/protocol.js';
export { FleetLockService } from './fleetlock/service.js';
export { queryEscape, semaphoreKey } from './keys.js';
export { createRebootManager, etcdLockPort } from './manager.js';
export type { RebootLockPort, RebootManager } from './manager.js';
export type { CasResult, KvEntry, KvStore, Sleep } from './ports.js';
export { RebootLock } from './reboot-lock.js';
export type { LockFailure } from './reboot-lock.js';
export type { Semaphore } from './semaphore.js';
export { parseWindow } from './window.js';
export type { RebootWindow } from './window.js';
