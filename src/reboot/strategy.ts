/**
 * The reboot strategies as an explicit state machine (pure). The manager
 * (`manager.ts`) feeds it events and carries out the one command each step
 * returns; tests drive it with a fake clock. The steps follow locksmithd:
 *
 *   reboot-needed ─ off ─────────────────────────────▶ disabled (wait forever)
 *        │ outside the window: sleep to its start ─▶ (woke)
 *        ▼
 *   planned (STATE=reboot-planned)
 *        ├ reboot ───────────────────────────────────▶ reboot
 *        └ etcd-lock / fleetlock: unlock-first ─▶ lock ─ ok / holder exists ─▶ reboot
 *                                      failure: back off (5 s doubling, at most 5 min),
 *                                      then, outside the window, sleep to its start
 *                                      (and start the backoff again), then lock again
 *   (a failed unlock-first backs off the same way and re-checks the window too)
 *   reboot ─ rebooted ─▶ done (STATE=rebooting)
 *
 * After a boot, `release` unlocks (etcd-lock, fleetlock) and retries with the
 * same backoff until the unlock succeeds or there was nothing to unlock.
 */
import type { Strategy } from './config.js';
import { checkWindow, type RebootWindow } from './window.js';

export const INITIAL_BACKOFF_MS = 5_000;
export const MAX_BACKOFF_MS = 5 * 60_000;

export type CoordinatorState = 'starting' | 'running' | 'reboot-planned' | 'rebooting' | 'disabled';

export type Phase =
  | { readonly name: 'idle' }
  | { readonly name: 'window-wait' }
  | { readonly name: 'unlock-first'; readonly backoffMs: number }
  | { readonly name: 'unlock-first-backoff'; readonly backoffMs: number }
  | { readonly name: 'locking'; readonly backoffMs: number }
  | { readonly name: 'lock-backoff'; readonly backoffMs: number }
  | { readonly name: 'lock-window-wait' }
  | { readonly name: 'rebooting' }
  | { readonly name: 'disabled' }
  | { readonly name: 'releasing'; readonly backoffMs: number }
  | { readonly name: 'release-backoff'; readonly backoffMs: number }
  | { readonly name: 'done' };

export type Event =
  | { readonly type: 'reboot-needed' }
  | { readonly type: 'booted' }
  | { readonly type: 'woke' }
  | { readonly type: 'unlocked'; readonly result: 'ok' | 'not-held' | 'error'; readonly message?: string }
  | { readonly type: 'locked'; readonly result: 'ok' | 'holder-exists' | 'error'; readonly message?: string }
  | { readonly type: 'rebooted' };

export type Command =
  | { readonly do: 'sleep'; readonly ms: number; readonly why: string }
  | { readonly do: 'unlock' }
  | { readonly do: 'lock' }
  | { readonly do: 'reboot' }
  | { readonly do: 'wait-forever' }
  | { readonly do: 'finish' };

export interface Step {
  readonly phase: Phase;
  readonly command: Command;
  /** A new STATE= for coordinator.conf, when it changes at this step. */
  readonly coordinator?: CoordinatorState;
}

export interface MachineConfig {
  readonly strategy: Strategy;
  readonly window: RebootWindow | undefined;
}

const usesLock = (s: Strategy): boolean => s === 'etcd-lock' || s === 'fleetlock';
const doubled = (ms: number): number => Math.min(ms * 2, MAX_BACKOFF_MS);

/** The step after `event` in `phase` at time `now`. Throws on an event the phase does not expect (a bug in the caller). */
export function transition(config: MachineConfig, phase: Phase, event: Event, now: Date): Step {
  const planned = (): Step => {
    if (config.strategy === 'reboot')
      return { phase: { name: 'rebooting' }, command: { do: 'reboot' }, coordinator: 'reboot-planned' };
    return {
      phase: { name: 'unlock-first', backoffMs: INITIAL_BACKOFF_MS },
      command: { do: 'unlock' },
      coordinator: 'reboot-planned',
    };
  };
  const unexpected = (): never => {
    throw new Error(`reboot state machine: event ${event.type} in phase ${phase.name}`);
  };

  switch (phase.name) {
    case 'idle':
      if (event.type === 'booted') {
        if (!usesLock(config.strategy)) return { phase: { name: 'done' }, command: { do: 'finish' } };
        return { phase: { name: 'releasing', backoffMs: INITIAL_BACKOFF_MS }, command: { do: 'unlock' } };
      }
      if (event.type !== 'reboot-needed') return unexpected();
      if (config.strategy === 'off') return { phase: { name: 'disabled' }, command: { do: 'wait-forever' } };
      if (config.window !== undefined) {
        const w = checkWindow(config.window, now);
        if (!w.inside)
          return { phase: { name: 'window-wait' }, command: { do: 'sleep', ms: w.waitMs, why: 'reboot window' } };
      }
      return planned();
    case 'window-wait':
      return event.type === 'woke' ? planned() : unexpected();
    case 'unlock-first':
      if (event.type !== 'unlocked') return unexpected();
      if (event.result === 'error') {
        const backoffMs = doubled(phase.backoffMs);
        return {
          phase: { name: 'unlock-first-backoff', backoffMs },
          command: { do: 'sleep', ms: backoffMs, why: 'unlock failed' },
        };
      }
      return { phase: { name: 'locking', backoffMs: INITIAL_BACKOFF_MS }, command: { do: 'lock' } };
    case 'unlock-first-backoff': {
      if (event.type !== 'woke') return unexpected();
      if (config.window !== undefined) {
        const w = checkWindow(config.window, now);
        if (!w.inside)
          return { phase: { name: 'window-wait' }, command: { do: 'sleep', ms: w.waitMs, why: 'reboot window' } };
      }
      return { phase: { name: 'unlock-first', backoffMs: phase.backoffMs }, command: { do: 'unlock' } };
    }
    case 'locking': {
      if (event.type !== 'locked') return unexpected();
      if (event.result !== 'error') return { phase: { name: 'rebooting' }, command: { do: 'reboot' } };
      const backoffMs = doubled(phase.backoffMs);
      return {
        phase: { name: 'lock-backoff', backoffMs },
        command: { do: 'sleep', ms: backoffMs, why: 'lock failed' },
      };
    }
    case 'lock-backoff': {
      if (event.type !== 'woke') return unexpected();
      if (config.window !== undefined) {
        const w = checkWindow(config.window, now);
        if (!w.inside)
          return { phase: { name: 'lock-window-wait' }, command: { do: 'sleep', ms: w.waitMs, why: 'reboot window' } };
      }
      return { phase: { name: 'locking', backoffMs: phase.backoffMs }, command: { do: 'lock' } };
    }
    case 'lock-window-wait':
      return event.type === 'woke'
        ? { phase: { name: 'locking', backoffMs: INITIAL_BACKOFF_MS }, command: { do: 'lock' } }
        : unexpected();
    case 'rebooting':
      return event.type === 'rebooted'
        ? { phase: { name: 'done' }, command: { do: 'finish' }, coordinator: 'rebooting' }
        : unexpected();
    case 'releasing': {
      if (event.type !== 'unlocked') return unexpected();
      if (event.result !== 'error') return { phase: { name: 'done' }, command: { do: 'finish' } };
      const backoffMs = doubled(phase.backoffMs);
      return {
        phase: { name: 'release-backoff', backoffMs },
        command: { do: 'sleep', ms: backoffMs, why: 'unlock failed' },
      };
    }
    case 'release-backoff':
      return event.type === 'woke'
        ? { phase: { name: 'releasing', backoffMs: phase.backoffMs }, command: { do: 'unlock' } }
        : unexpected();
    case 'disabled':
    case 'done':
      return unexpected();
  }
}
