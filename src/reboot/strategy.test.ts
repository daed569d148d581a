import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Strategy } from './config.js';
import { transition, type Event, type MachineConfig, type Phase } from './strategy.js';
import { parseWindow } from './window.js';

const at = (d: number, h: number, m = 0): Date => new Date(2025, 0, d, h, m); // 2025-01-01 is a Wednesday
const window = (() => {
  const r = parseWindow('23:00', '2h');
  if (!r.ok) throw new Error(r.message);
  return r.window;
})();
const cfg = (strategy: Strategy, withWindow = false): MachineConfig => ({
  strategy,
  window: withWindow ? window : undefined,
});

/** Runs events through the machine; returns "phase:command[:coordinator]" per step. */
function run(config: MachineConfig, events: Array<[Event, Date]>): string[] {
  let phase: Phase = { name: 'idle' };
  return events.map(([e, now]) => {
    const step = transition(config, phase, e, now);
    phase = step.phase;
    const c = step.command;
    const cmd = c.do === 'sleep' ? `sleep ${c.ms / 1000}s` : c.do;
    return `${phase.name}:${cmd}${step.coordinator ? `:${step.coordinator}` : ''}`;
  });
}

const need: Event = { type: 'reboot-needed' };
const woke: Event = { type: 'woke' };
const unlocked = (result: 'ok' | 'not-held' | 'error'): Event => ({ type: 'unlocked', result });
const locked = (result: 'ok' | 'holder-exists' | 'error'): Event => ({ type: 'locked', result });
const rebooted: Event = { type: 'rebooted' };

test('strategy state machine (table)', () => {
  const cases: Array<[string, MachineConfig, Array<[Event, Date]>, string[]]> = [
    ['off: never reboots', cfg('off'), [[need, at(1, 12)]], ['disabled:wait-forever']],
    [
      'reboot, no window: at once',
      cfg('reboot'),
      [
        [need, at(1, 12)],
        [rebooted, at(1, 12)],
      ],
      ['rebooting:reboot:reboot-planned', 'done:finish:rebooting'],
    ],
    [
      'reboot, outside the window: sleeps to its start',
      cfg('reboot', true),
      [
        [need, at(1, 12)],
        [woke, at(1, 23)],
        [rebooted, at(1, 23)],
      ],
      ['window-wait:sleep 39600s', 'rebooting:reboot:reboot-planned', 'done:finish:rebooting'],
    ],
    [
      'reboot, inside the window across midnight',
      cfg('reboot', true),
      [[need, at(2, 0, 30)]],
      ['rebooting:reboot:reboot-planned'],
    ],
    [
      'etcd-lock: unlock first, lock, reboot',
      cfg('etcd-lock'),
      [
        [need, at(1, 12)],
        [unlocked('not-held'), at(1, 12)],
        [locked('ok'), at(1, 12)],
        [rebooted, at(1, 12)],
      ],
      ['unlock-first:unlock:reboot-planned', 'locking:lock', 'rebooting:reboot', 'done:finish:rebooting'],
    ],
    [
      'etcd-lock: "holder exists" counts as held',
      cfg('etcd-lock'),
      [
        [need, at(1, 12)],
        [unlocked('ok'), at(1, 12)],
        [locked('holder-exists'), at(1, 12)],
      ],
      ['unlock-first:unlock:reboot-planned', 'locking:lock', 'rebooting:reboot'],
    ],
    [
      'etcd-lock: lock failures back off 10 s, 20 s, … capped at 5 min',
      cfg('etcd-lock'),
      [
        [need, at(1, 12)],
        [unlocked('ok'), at(1, 12)],
        [locked('error'), at(1, 12)],
        [woke, at(1, 12)],
        [locked('error'), at(1, 12)],
        [woke, at(1, 12)],
        [locked('error'), at(1, 12)],
        [woke, at(1, 12)],
        [locked('error'), at(1, 12)],
        [woke, at(1, 12)],
        [locked('error'), at(1, 12)],
        [woke, at(1, 12)],
        [locked('error'), at(1, 12)],
        [woke, at(1, 12)],
        [locked('ok'), at(1, 12)],
      ],
      [
        'unlock-first:unlock:reboot-planned',
        'locking:lock',
        'lock-backoff:sleep 10s',
        'locking:lock',
        'lock-backoff:sleep 20s',
        'locking:lock',
        'lock-backoff:sleep 40s',
        'locking:lock',
        'lock-backoff:sleep 80s',
        'locking:lock',
        'lock-backoff:sleep 160s',
        'locking:lock',
        'lock-backoff:sleep 300s',
        'locking:lock',
        'rebooting:reboot',
      ],
    ],
    [
      'etcd-lock: the window closes while backing off → sleep to the next one, backoff restarts',
      cfg('etcd-lock', true),
      [
        [need, at(1, 23, 59)],
        [unlocked('ok'), at(1, 23, 59)],
        [locked('error'), at(1, 23, 59)],
        [woke, at(2, 1, 1)],
        [woke, at(2, 23)],
        [locked('error'), at(2, 23)],
      ],
      [
        'unlock-first:unlock:reboot-planned',
        'locking:lock',
        'lock-backoff:sleep 10s',
        'lock-window-wait:sleep 79140s',
        'locking:lock',
        'lock-backoff:sleep 10s',
      ],
    ],
    [
      'etcd-lock: a failed unlock-first is retried with backoff',
      cfg('etcd-lock'),
      [
        [need, at(1, 12)],
        [unlocked('error'), at(1, 12)],
        [woke, at(1, 12)],
        [unlocked('ok'), at(1, 12)],
      ],
      ['unlock-first:unlock:reboot-planned', 'unlock-first-backoff:sleep 10s', 'unlock-first:unlock', 'locking:lock'],
    ],
    [
      'etcd-lock: a failed unlock-first past the window end sleeps to the next window, then plans again',
      cfg('etcd-lock', true),
      [
        [need, at(2, 0, 59)],
        [unlocked('error'), at(2, 0, 59)],
        [woke, at(2, 1, 1)],
        [woke, at(2, 23)],
        [unlocked('ok'), at(2, 23)],
      ],
      [
        'unlock-first:unlock:reboot-planned',
        'unlock-first-backoff:sleep 10s',
        'window-wait:sleep 79140s',
        'unlock-first:unlock:reboot-planned',
        'locking:lock',
      ],
    ],
    [
      'fleetlock locks like etcd-lock',
      cfg('fleetlock'),
      [
        [need, at(1, 12)],
        [unlocked('ok'), at(1, 12)],
      ],
      ['unlock-first:unlock:reboot-planned', 'locking:lock'],
    ],
    ['booted, reboot strategy: nothing to release', cfg('reboot'), [[{ type: 'booted' }, at(1, 12)]], ['done:finish']],
    ['booted, off: nothing to release', cfg('off'), [[{ type: 'booted' }, at(1, 12)]], ['done:finish']],
    [
      'booted, etcd-lock: release with backoff until done',
      cfg('etcd-lock'),
      [
        [{ type: 'booted' }, at(1, 12)],
        [unlocked('error'), at(1, 12)],
        [woke, at(1, 12)],
        [unlocked('error'), at(1, 12)],
        [woke, at(1, 12)],
        [unlocked('not-held'), at(1, 12)],
      ],
      [
        'releasing:unlock',
        'release-backoff:sleep 10s',
        'releasing:unlock',
        'release-backoff:sleep 20s',
        'releasing:unlock',
        'done:finish',
      ],
    ],
  ];
  for (const [name, config, events, want] of cases) assert.deepEqual(run(config, events), want, name);
});

test('strategy state machine: an unexpected event is a bug, thrown', () => {
  assert.throws(
    () => transition(cfg('reboot'), { name: 'idle' }, { type: 'woke' }, at(1, 12)),
    /event woke in phase idle/,
  );
  assert.throws(() => transition(cfg('off'), { name: 'disabled' }, need, at(1, 12)), /phase disabled/);
});
