/**
 * The update system: the Omaha protocol (omaha/), the update server's core
 * (server/), later payloads and the agent. This file is the area's only door.
 */
export * from './server/model.js';
export type * from './server/repository.js';
export * from './server/seed.js';
export * from './server/conflicts.js';
export * from './server/merge.js';
