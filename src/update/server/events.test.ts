import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventEffect, type EventInput } from './events.js';
import { InstanceStatus, type InstanceApp } from './model.js';

const GRANTED: InstanceApp = {
  instanceId: 'm1',
  appId: 'a',
  groupId: 'g',
  version: '1000.0.0',
  status: InstanceStatus.UpdateGranted,
  lastCheckAt: '',
  lastUpdateGrantedAt: '2026-12-01T00:00:00Z',
  lastUpdateVersion: '1001.0.0',
  lastUpdateFromVersion: '1000.0.0',
  updateInProgress: true,
};
const IDLE: InstanceApp = { ...GRANTED, status: InstanceStatus.Complete, updateInProgress: false };
const ev = (type: number, result: number, errorCode: number | null = null, previousVersion?: string): EventInput => ({
  type,
  result,
  errorCode,
  previousVersion,
});

// One row per event rule (update.md §2.2): state, event, flatcar?, → status after (or '-' for unchanged), recorded?
const ROWS: [string, InstanceApp, EventInput, boolean, string, boolean][] = [
  ['13/1 → downloading', GRANTED, ev(13, 1), true, 'downloading', true],
  ['14/1 → downloaded', GRANTED, ev(14, 1), true, 'downloaded', true],
  ['800/1 → installed', GRANTED, ev(800, 1), true, 'installed', true],
  [
    'Flatcar 3/1 is recorded, status kept (completion comes after the reboot)',
    { ...GRANTED, status: InstanceStatus.Downloaded },
    ev(3, 1),
    true,
    '-',
    true,
  ],
  ['another app: 3/1 completes', GRANTED, ev(3, 1), false, 'complete', true],
  [
    '3/2 with the old version completes',
    { ...GRANTED, status: InstanceStatus.Downloaded },
    ev(3, 2, null, '1000.0.0'),
    true,
    'complete',
    true,
  ],
  [
    'Flatcar 3/2 with "" is a plain check; a mere grant is reset',
    GRANTED,
    ev(3, 2, null, ''),
    true,
    'undefined',
    false,
  ],
  [
    'Flatcar 3/2 with 0.0.0.0 is a plain check',
    { ...GRANTED, status: InstanceStatus.Downloaded },
    ev(3, 2, null, '0.0.0.0'),
    true,
    '-',
    false,
  ],
  ['3/0 with a flagged code → error', GRANTED, ev(3, 0, 5), true, 'error', true],
  ['3/0 44 → error (rollback)', { ...GRANTED, status: InstanceStatus.Downloaded }, ev(3, 0, 44), true, 'error', true],
  ['events without an update in progress are dropped', IDLE, ev(13, 1), true, '-', false],
  ['failures without an update in progress are dropped', IDLE, ev(3, 0, 34), true, '-', false],
  ['unknown pairs are dropped', GRANTED, ev(5, 1), true, '-', false],
  ['unknown results are dropped', GRANTED, ev(13, 9), true, '-', false],
];

const NAMES: Record<number, string> = {
  1: 'undefined',
  2: 'granted',
  3: 'error',
  4: 'complete',
  5: 'installed',
  6: 'downloaded',
  7: 'downloading',
  8: 'onhold',
};

for (const [name, state, e, flatcar, status, record] of ROWS) {
  test(`event rule: ${name}`, () => {
    const effect = eventEffect(state, e, { flatcar });
    assert.equal(effect.patch?.status !== undefined ? NAMES[effect.patch.status] : '-', status);
    assert.equal(effect.record, record);
  });
}

test('a completion takes the granted version and ends the update; a failure says rollback or failure', () => {
  const done = eventEffect({ ...GRANTED, status: InstanceStatus.Downloaded }, ev(3, 2, null, '1000.0.0'), {
    flatcar: true,
  });
  assert.deepEqual(done.patch, { status: InstanceStatus.Complete, updateInProgress: false, version: '1001.0.0' });
  assert.equal(done.complete, true);
  const rb = eventEffect(GRANTED, ev(3, 0, 44), { flatcar: true });
  assert.deepEqual([rb.rollback, rb.failure, rb.patch?.updateInProgress], [true, false, false]);
  assert.match(rb.activity!.message, /rolled back/);
  const f = eventEffect(GRANTED, ev(3, 0, 18), { flatcar: true });
  assert.deepEqual([f.rollback, f.failure], [false, true]);
  assert.match(f.activity!.message, /error 18/);
});
