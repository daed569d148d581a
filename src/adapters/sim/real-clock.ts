/**
 * The clock of `hull sim run --server`: wall time, `speed` times faster for the
 * simulated side (the machines' waits, reboots, check intervals and the
 * scenario's events); the server keeps its own real clock. `now()` starts at
 * the run's real start. Timers are setTimeout's, re-armed past its 24.8-day
 * limit; `run` ends at `endMs` or when `stop` says so, and clears what is left.
 */
import { sleepOn, type SimClock, type SimTimer } from '../../sim/index.js';

/** setTimeout's longest delay (2^31 - 1 ms); a longer one would fire at once. */
const MAX_DELAY_MS = 0x7fffffff;
const STOP_POLL_MS = 100;

export class RealClock implements SimClock {
  fired = 0;
  private readonly handles = new Set<ReturnType<typeof setTimeout>>();
  private readonly realStart: number;

  constructor(
    private readonly startMs: number,
    private readonly speed = 1,
    private readonly wallNow: () => number = Date.now,
  ) {
    if (!(speed >= 1)) throw new RangeError(`speed must be at least 1, not ${speed}`);
    this.realStart = wallNow();
  }

  now(): number {
    return this.startMs + Math.floor((this.wallNow() - this.realStart) * this.speed);
  }

  /** Calls `fire` once this clock reads `at` (never before). */
  private arm(at: number, fire: () => void): ReturnType<typeof setTimeout> {
    const wait = Math.min(MAX_DELAY_MS, Math.max(0, Math.ceil((at - this.now()) / this.speed)));
    const h = setTimeout(() => {
      this.handles.delete(h);
      if (this.now() < at) this.arm(at, fire);
      else fire();
    }, wait);
    this.handles.add(h);
    return h;
  }

  at(at: number, fire: () => void): SimTimer {
    const t: SimTimer = { cancelled: false };
    this.arm(at, () => {
      if (t.cancelled) return;
      this.fired++;
      fire();
    });
    return t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  track<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async run(endMs: number, _idle: () => Promise<void>, stop: () => boolean = () => false): Promise<void> {
    while (!stop()) {
      const left = endMs - this.now();
      if (left <= 0) break;
      await new Promise<void>((r) => setTimeout(r, Math.min(STOP_POLL_MS, Math.ceil(left / this.speed))));
    }
    for (const h of this.handles) clearTimeout(h);
    this.handles.clear();
  }
}
