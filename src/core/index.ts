export * from './json-path.js';
export * from './issue.js';
export * from './report.js';
export * from './push-all.js';
export * from './exit-codes.js';
export * from './app-error-codes.js';
export * from './app-error.js';
export * from './ports.js';
export type { Store } from './store.js';
