/** The door of src/adapters/sim: what other areas of src/ import from it (scripts/check-layers.ts). */
export { startLocalEtcd } from './etcd-process.js';
export type { LocalEtcd } from './etcd-process.js';
export { fetchHttpPort } from './http-port.js';
export { prepareFleet } from './prepare.js';
export { RealClock } from './real-clock.js';
export { macrotaskTurn, makeDir, pathIn, removeDir, resolveOut, writeResults } from './run-files.js';
