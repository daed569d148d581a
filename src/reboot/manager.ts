/**
 * The reboot manager the update agent uses (docs/reboot.md#the-reboot-manager):
 * an object with `rebootNeeded(reboot, signal)` and `booted(signal)`, the
 * shape of the agent's RebootManager port (structurally; this area does not
 * import the agent). It runs the strategy state machine (`strategy.ts`) over
 * ports: a clock and an abortable sleep, a lock port (the etcd semaphore for
 * `etcd-lock`; FleetLock later), and a writer for coordinator.conf.
 *
 * - `rebootNeeded`: waits for the reboot window, (etcd-lock) drops a lock this
 *   machine still holds, takes the lock with backoff (5 s doubling to 5 min,
 *   re-checking the window after each failure), calls `reboot`, and resolves.
 *   With `off` it never resolves; it rejects only when `signal` aborts.
 * - `booted`: after the boot was marked good, releases the lock (etcd-lock),
 *   retrying with the same backoff until released or nothing was held.
 */
import { AppError, silentLogger, type Clock, type Logger } from '../core/index.js';
import type { Strategy } from './config.js';
import type { Sleep } from './ports.js';
import type { RebootLock } from './reboot-lock.js';
import { transition, type CoordinatorState, type Event, type Phase, type Step } from './strategy.js';
import type { RebootWindow } from './window.js';

/** The lock a strategy takes before rebooting. Errors are returned, not thrown. */
export interface RebootLockPort {
  lock(signal: AbortSignal): Promise<{ result: 'ok' | 'holder-exists' | 'error'; message?: string }>;
  unlock(signal: AbortSignal): Promise<{ result: 'ok' | 'not-held' | 'error'; message?: string }>;
}

/** Writes coordinator.conf's fields (`NAME=…`, `STRATEGY=…`, `STATE=…`). */
export type CoordinatorWriter = (text: string) => Promise<void>;

export interface RebootManagerOptions {
  readonly strategy: Strategy;
  readonly window: RebootWindow | undefined;
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** Needed by `etcd-lock` and `fleetlock`. */
  readonly lock?: RebootLockPort;
  readonly coordinator?: CoordinatorWriter;
  /** NAME= in coordinator.conf (default `hull`). */
  readonly name?: string;
  readonly logger?: Logger;
}

export interface RebootManager {
  rebootNeeded(reboot: () => Promise<void>, signal: AbortSignal): Promise<void>;
  booted(signal: AbortSignal): Promise<void>;
}

/** coordinator.conf as locksmithd writes it: key=value lines, no trailing newline. */
export function coordinatorConf(name: string, strategy: Strategy, state: CoordinatorState): string {
  return [`NAME=${name}`, `STRATEGY=${strategy}`, `STATE=${state}`].join('\n');
}

/** The etcd semaphore as a lock port for one machine id. */
export function etcdLockPort(lock: RebootLock, machineId: string): RebootLockPort {
  const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
  return {
    async lock(signal) {
      try {
        const r = await lock.lock(machineId, signal);
        if (r.ok) return { result: 'ok' };
        return r.failure.kind === 'holder-exists'
          ? { result: 'holder-exists' }
          : { result: 'error', message: r.failure.message };
      } catch (e) {
        signal.throwIfAborted();
        return { result: 'error', message: message(e) };
      }
    },
    async unlock(signal) {
      try {
        const r = await lock.unlock(machineId, signal);
        if (r.ok) return { result: 'ok' };
        return r.failure.kind === 'holder-not-exist'
          ? { result: 'not-held' }
          : { result: 'error', message: r.failure.message };
      } catch (e) {
        signal.throwIfAborted();
        return { result: 'error', message: message(e) };
      }
    },
  };
}

export function createRebootManager(opts: RebootManagerOptions): RebootManager {
  const { strategy, window, clock, sleep } = opts;
  const log = opts.logger ?? silentLogger;
  if ((strategy === 'etcd-lock' || strategy === 'fleetlock') && opts.lock === undefined) {
    throw new AppError(
      'REBOOT_CONFIG_INVALID',
      `REBOOT_STRATEGY=${strategy} needs a lock (the etcd semaphore or a FleetLock server)`,
    );
  }
  const writeState = async (state: CoordinatorState): Promise<void> => {
    if (opts.coordinator === undefined || strategy === 'off') return;
    try {
      await opts.coordinator(coordinatorConf(opts.name ?? 'hull', strategy, state));
    } catch (e) {
      // As locksmithd: a state file that cannot be written is logged, not fatal.
      log.error({ state, err: e instanceof Error ? e.message : String(e) }, 'could not update coordinator.conf');
    }
  };

  const run = async (first: Event, reboot: (() => Promise<void>) | undefined, signal: AbortSignal): Promise<void> => {
    let phase: Phase = { name: 'idle' };
    let event: Event = first;
    for (;;) {
      signal.throwIfAborted();
      const step: Step = transition({ strategy, window }, phase, event, clock.now());
      phase = step.phase;
      if (step.coordinator !== undefined && step.coordinator !== 'rebooting') await writeState(step.coordinator);
      const c = step.command;
      switch (c.do) {
        case 'sleep':
          log.info({ ms: c.ms, why: c.why }, `reboot: waiting ${Math.round(c.ms / 1000)} s (${c.why})`);
          await sleep(c.ms, signal);
          event = { type: 'woke' };
          break;
        case 'unlock': {
          const r = await opts.lock!.unlock(signal);
          if (r.result === 'error') log.warn({ err: r.message }, 'reboot: unlocking failed');
          event = { type: 'unlocked', result: r.result, ...(r.message !== undefined ? { message: r.message } : {}) };
          break;
        }
        case 'lock': {
          const r = await opts.lock!.lock(signal);
          if (r.result === 'error') log.warn({ err: r.message }, 'reboot: failed to acquire the lock');
          event = { type: 'locked', result: r.result, ...(r.message !== undefined ? { message: r.message } : {}) };
          break;
        }
        case 'reboot':
          log.info({ strategy }, 'reboot: rebooting');
          await reboot!();
          event = { type: 'rebooted' };
          break;
        case 'wait-forever':
          log.info({}, 'reboot: strategy is "off", not rebooting');
          await new Promise<never>((_, reject) => {
            if (signal.aborted) reject(signal.reason);
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          });
          return;
        case 'finish':
          if (step.coordinator === 'rebooting') await writeState('rebooting');
          return;
      }
    }
  };

  return {
    rebootNeeded: (reboot, signal) => run({ type: 'reboot-needed' }, reboot, signal),
    async booted(signal) {
      await writeState('starting');
      await run({ type: 'booted' }, undefined, signal);
      await writeState('running');
    },
  };
}
