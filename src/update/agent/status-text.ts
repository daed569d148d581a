import type { AgentStatus } from './ports.js';

/** update_engine_client -status: five lines, PROGRESS as a 0..1 fraction printed with %f. */
export function statusLines(s: AgentStatus): string {
  return (
    `LAST_CHECKED_TIME=${s.lastCheckedTime}\n` +
    `PROGRESS=${s.progress.toFixed(6)}\n` +
    `CURRENT_OP=${s.currentOperation}\n` +
    `NEW_VERSION=${s.newVersion}\n` +
    `NEW_SIZE=${s.newSize}\n`
  );
}

export const IDLE_STATUS: AgentStatus = {
  lastCheckedTime: 0,
  progress: 0,
  currentOperation: 'UPDATE_STATUS_IDLE',
  newVersion: '0.0.0',
  newSize: 0,
};
