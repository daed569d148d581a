/**
 * The discrete-event virtual clock every simulated part runs on: a priority
 * queue of timers (time, then the order they were set), `sleep` for the agent
 * and the reboot manager, `Clock` for the update server. Time moves only when
 * nothing is running: every port call that does real IO (the image, the
 * server, etcd) is wrapped in `track`, and the loop fires the next timer only
 * when no tracked call is in flight and the microtasks have drained (`idle`,
 * a macrotask turn given by the shell). One timer fires at a time, so the
 * order of everything is decided by the timers alone: same seed, same run.
 */
import { sleepOn, type SimClock, type SimTimer } from './sim-clock.js';

export interface Timer extends SimTimer {
  readonly at: number;
  readonly seq: number;
  fire: () => void;
  cancelled: boolean;
}

export class VirtualClock implements SimClock {
  private nowMs: number;
  private seq = 0;
  private heap: Timer[] = [];
  private busy = 0;
  private whenIdle: (() => void) | undefined;
  /** Timers fired so far (a measure of the run's work). */
  fired = 0;

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  /** Calls `fire` at `at` (not before now). */
  at(at: number, fire: () => void): Timer {
    const t: Timer = { at: Math.max(at, this.nowMs), seq: this.seq++, fire, cancelled: false };
    this.push(t);
    return t;
  }

  /** Resolves after `ms` of virtual time, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Runs `work` as real IO: the clock does not move while it is in flight. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await work();
    } finally {
      this.busy--;
      if (this.busy === 0 && this.whenIdle) {
        const w = this.whenIdle;
        this.whenIdle = undefined;
        w();
      }
    }
  }

  /**
   * Fires timers in order up to `endMs` (then the clock stands at `endMs`).
   * `idle` must resolve after a macrotask turn (the shell's setImmediate);
   * `stop` is checked between timers.
   */
  async run(endMs: number, idle: () => Promise<void>, stop: () => boolean = () => false): Promise<void> {
    for (;;) {
      await idle();
      if (this.busy > 0) {
        await new Promise<void>((r) => (this.whenIdle = r));
        continue;
      }
      if (stop()) return;
      const next = this.peek();
      if (next === undefined || next.at > endMs) break;
      this.pop();
      if (next.cancelled) continue;
      this.nowMs = next.at;
      this.fired++;
      next.fire();
    }
    this.nowMs = Math.max(this.nowMs, endMs);
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private peek(): Timer | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
