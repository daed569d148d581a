/**
 * The clock a rehearsal runs on, as the machines, the operator's events and
 * the run loop see it. Two homes: `VirtualClock` (virtual-clock.ts: discrete
 * events, time jumps when nothing runs — the in-process server shares it) and
 * the real clock of `hull sim run --server` (src/adapters/sim/real-clock.ts:
 * wall time, optionally sped up for the simulated side only).
 */
export interface SimTimer {
  cancelled: boolean;
}

export interface SimClock {
  /** Milliseconds since the epoch on this clock. */
  now(): number;
  /** Calls `fire` at `at` (not before now). */
  at(at: number, fire: () => void): SimTimer;
  /** Resolves after `ms` of this clock's time, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `work` as real IO (the virtual clock does not move while it is in flight). */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Runs until `endMs` on this clock, or until `stop` says so (checked between timers or often). */
  run(endMs: number, idle: () => Promise<void>, stop?: () => boolean): Promise<void>;
  /** Timers fired so far (a measure of the run's work). */
  readonly fired: number;
}

/** `sleep` over a clock's `at`: resolves at now + ms, or rejects with the signal's reason when it aborts first (the timer cancelled). */
export function sleepOn(clock: Pick<SimClock, 'now' | 'at'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      t.cancelled = true;
      reject(signal!.reason);
    };
    const t = clock.at(clock.now() + Math.max(0, ms), () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
