/**
 * update_engine's states and the transitions the agent allows between them,
 * as a table (the diagram is in docs/agent.md). `VERIFYING` exists in the
 * enum but, as in update_engine, is never entered.
 */
export const STATES = [
  'UPDATE_STATUS_IDLE',
  'UPDATE_STATUS_CHECKING_FOR_UPDATE',
  'UPDATE_STATUS_UPDATE_AVAILABLE',
  'UPDATE_STATUS_DOWNLOADING',
  'UPDATE_STATUS_VERIFYING',
  'UPDATE_STATUS_FINALIZING',
  'UPDATE_STATUS_UPDATED_NEED_REBOOT',
  'UPDATE_STATUS_REPORTING_ERROR_EVENT',
] as const;

export type AgentState = (typeof STATES)[number];

export const TRANSITIONS: Readonly<Record<AgentState, readonly AgentState[]>> = {
  UPDATE_STATUS_IDLE: ['UPDATE_STATUS_CHECKING_FOR_UPDATE'],
  // noupdate → IDLE; an offer → UPDATE_AVAILABLE; an HTTP error or a bad response → REPORTING_ERROR_EVENT.
  UPDATE_STATUS_CHECKING_FOR_UPDATE: [
    'UPDATE_STATUS_IDLE',
    'UPDATE_STATUS_UPDATE_AVAILABLE',
    'UPDATE_STATUS_REPORTING_ERROR_EVENT',
  ],
  // Backoff (3/9 40) or an unusable install plan goes back to IDLE; event 13 → DOWNLOADING.
  UPDATE_STATUS_UPDATE_AVAILABLE: [
    'UPDATE_STATUS_DOWNLOADING',
    'UPDATE_STATUS_REPORTING_ERROR_EVENT',
    'UPDATE_STATUS_IDLE',
  ],
  // Progress stays in DOWNLOADING; verified (event 14) → FINALIZING.
  UPDATE_STATUS_DOWNLOADING: [
    'UPDATE_STATUS_DOWNLOADING',
    'UPDATE_STATUS_FINALIZING',
    'UPDATE_STATUS_REPORTING_ERROR_EVENT',
  ],
  UPDATE_STATUS_VERIFYING: [],
  // Applied, checked, postinstall done, 3/1 sent → UPDATED_NEED_REBOOT.
  UPDATE_STATUS_FINALIZING: ['UPDATE_STATUS_UPDATED_NEED_REBOOT', 'UPDATE_STATUS_REPORTING_ERROR_EVENT'],
  // Only reset-status leaves it (the marker removed); scheduled checks only ping.
  UPDATE_STATUS_UPDATED_NEED_REBOOT: ['UPDATE_STATUS_IDLE'],
  UPDATE_STATUS_REPORTING_ERROR_EVENT: ['UPDATE_STATUS_IDLE'],
};

export class IllegalTransition extends Error {
  constructor(
    readonly from: AgentState,
    readonly to: AgentState,
  ) {
    super(`the agent may not go from ${from} to ${to}`);
    this.name = 'IllegalTransition';
  }
}

/** The state after `to`, or IllegalTransition (a bug in the agent, never the user's doing). */
export function transition(from: AgentState, to: AgentState): AgentState {
  if (!TRANSITIONS[from].includes(to)) throw new IllegalTransition(from, to);
  return to;
}

/** The state at start: UPDATED_NEED_REBOOT when the completed marker exists (it survives agent restarts, not reboots). */
export const initialState = (markerExists: boolean): AgentState =>
  markerExists ? 'UPDATE_STATUS_UPDATED_NEED_REBOOT' : 'UPDATE_STATUS_IDLE';

/** Whether an interactive check is taken: only from IDLE (update_engine ignores it otherwise, and sends nothing). */
export const acceptsInteractiveCheck = (s: AgentState): boolean => s === 'UPDATE_STATUS_IDLE';

/** Whether reset-status is allowed: only from IDLE or UPDATED_NEED_REBOOT. */
export const acceptsResetStatus = (s: AgentState): boolean =>
  s === 'UPDATE_STATUS_IDLE' || s === 'UPDATE_STATUS_UPDATED_NEED_REBOOT';
