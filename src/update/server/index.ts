/** The update server's core: model, storage port, rules, the Omaha service, rollout control. */
export * from './model.js';
export type * from './repository.js';
export type * from './check-in.js';
export { OmahaService, type UpdateObserver } from './omaha-service.js';
export { decide, type Decision, type DecideInput, type AppStatus } from './decide.js';
export { offerFor, groupTarget, updatePath, type Offer, type OfferInput } from './offer.js';
export { admit, haltVerdict, haltSampleSince, UNLIMITED, type Admission } from './admit.js';
export { policyCounts } from './policy-counts.js';
export { eventEffect, type EventEffect, type EventInput } from './events.js';
export { compareVersions, isVersion, parseVersion } from './version.js';
export { rolloutBucket, stagedPercentAt, inStagedShare } from './staged.js';
export { isOfficeHours, isTimeZone } from './office-hours.js';
export { buildGraph, resolveWariness, type Graph, type GraphNode, type GraphInput } from './cincinnati.js';
export { haltByHand, resume, pin, stage, noteRolloutProgress } from './rollout-control.js';
export { withCachedCatalog } from './cached-catalog.js';
export * from './seed.js';
export * from './conflicts.js';
export * from './merge.js';
