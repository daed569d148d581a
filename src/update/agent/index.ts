/** The update agent (update_engine's part on the machine): this folder's only door. docs/agent.md. */
export * from './ports.js';
export * from './config.js';
export * from './machine.js';
export * from './schedule.js';
export * from './status-text.js';
export {
  UpdateAgent,
  AttemptFailure,
  immediateReboot,
  type AgentDeps,
  type AttemptOutcome,
  type RunOptions,
  type RunResult,
} from './agent.js';
export { disableSlot, postinstall, markGood, readTable, extentOf, prioText, DiskStepError } from './disk-steps.js';
