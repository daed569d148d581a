// update_engine's states and the agent's transition table: every allowed step, every refused
// one, the states at start, and which states take an interactive check or reset-status.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  acceptsInteractiveCheck,
  acceptsResetStatus,
  IllegalTransition,
  initialState,
  STATES,
  transition,
  TRANSITIONS,
} from './machine.js';

test('the table: the success path, the error path, and nothing else', () => {
  const path = [
    'UPDATE_STATUS_IDLE',
    'UPDATE_STATUS_CHECKING_FOR_UPDATE',
    'UPDATE_STATUS_UPDATE_AVAILABLE',
    'UPDATE_STATUS_DOWNLOADING',
    'UPDATE_STATUS_FINALIZING',
    'UPDATE_STATUS_UPDATED_NEED_REBOOT',
  ] as const;
  for (let i = 1; i < path.length; i++) assert.equal(transition(path[i - 1]!, path[i]!), path[i]);
  for (const s of [
    'UPDATE_STATUS_CHECKING_FOR_UPDATE',
    'UPDATE_STATUS_UPDATE_AVAILABLE',
    'UPDATE_STATUS_DOWNLOADING',
    'UPDATE_STATUS_FINALIZING',
  ] as const) {
    assert.equal(transition(s, 'UPDATE_STATUS_REPORTING_ERROR_EVENT'), 'UPDATE_STATUS_REPORTING_ERROR_EVENT');
  }
  assert.equal(transition('UPDATE_STATUS_REPORTING_ERROR_EVENT', 'UPDATE_STATUS_IDLE'), 'UPDATE_STATUS_IDLE');
  let allowed = 0;
  for (const from of STATES) {
    for (const to of STATES) {
      if (TRANSITIONS[from].includes(to)) allowed++;
      else assert.throws(() => transition(from, to), IllegalTransition, `${from} → ${to}`);
    }
  }
  assert.equal(allowed, 14);
  assert.deepEqual(TRANSITIONS.UPDATE_STATUS_VERIFYING, [], 'VERIFYING is never entered, as in update_engine');
  assert.ok(STATES.every((s) => !TRANSITIONS[s].includes('UPDATE_STATUS_VERIFYING')));
});

test('start state from the completed marker; interactive checks only in IDLE; reset-status in IDLE or UPDATED_NEED_REBOOT', () => {
  assert.equal(initialState(false), 'UPDATE_STATUS_IDLE');
  assert.equal(initialState(true), 'UPDATE_STATUS_UPDATED_NEED_REBOOT');
  assert.deepEqual(STATES.filter(acceptsInteractiveCheck), ['UPDATE_STATUS_IDLE']);
  assert.deepEqual(STATES.filter(acceptsResetStatus), ['UPDATE_STATUS_IDLE', 'UPDATE_STATUS_UPDATED_NEED_REBOOT']);
});
