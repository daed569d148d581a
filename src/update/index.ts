/**
 * The update system: the Omaha protocol (omaha/), the update server's core
 * (server/), later payloads and the agent. This file is the area's only door.
 */
export * from './server/index.js';
export * as omaha from './omaha/index.js';
