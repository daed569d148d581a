/** The door of src/http: what other areas of src/ import from it (scripts/check-layers.ts). */
export { buildApp } from './app.js';
export { parseAge, startJournalRetention } from './journal-retention.js';
export type { JournalRetentionSettings } from './journal-retention.js';
export { parseListenAddress } from './listen-address.js';
export { humanLogSink } from './log-lines.js';
export { startRetention } from './retention.js';
export { recordStart } from './server-facts.js';
export { DEFAULT_LIMITS, defaultMaxConnections, parseCount, parseDuration } from './server-limits.js';
export type { ServerLimits } from './server-limits.js';
export { startSimServer } from './sim-server.js';
export type { SimServer } from './sim-server.js';
