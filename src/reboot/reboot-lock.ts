/**
 * The reboot lock over a KvStore, as locksmith's `lock.Lock` does it: every
 * operation first creates the key if absent (the initial JSON), then reads it,
 * then (for lock, unlock, set-max) writes the new value by compare-and-swap on
 * the index it read. Pure over the port; the one difference from locksmithctl
 * is optional: `retry` re-reads and retries a CAS conflict with backoff instead
 * of failing.
 */
import type { KvStore, Sleep } from './ports.js';
import {
  encodeSemaphore,
  INITIAL_SEMAPHORE,
  lockSemaphore,
  parseSemaphore,
  setMaxSemaphore,
  unlockSemaphore,
  type Semaphore,
  type SemaphoreChange,
  type SemaphoreRefusal,
} from './semaphore.js';

/** Why an operation did not change the lock. `message` is locksmithctl's text after `Error locking: `. */
export type LockFailure =
  | SemaphoreRefusal
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'corrupt'; readonly message: string }
  | { readonly kind: 'missing'; readonly message: string };

export type LockOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: LockFailure };

export interface RetryPolicy {
  /** First pause after a conflict, ms; doubled each time up to `maxMs`. */
  readonly initialMs: number;
  readonly maxMs: number;
  /** Give up after this many conflicts in a row (the last conflict is returned). */
  readonly attempts: number;
  readonly sleep: Sleep;
  /** 0..1: each pause is shortened by up to this fraction at random, so racing lockers spread out. */
  readonly jitter?: number;
  readonly random?: () => number;
}

export interface ReadResult {
  readonly semaphore: Semaphore;
  readonly index: number;
}

export class RebootLock {
  private initialized = false;

  constructor(
    private readonly kv: KvStore,
    readonly key: string,
    private readonly retry?: RetryPolicy,
  ) {}

  /**
   * Create-if-absent with `{"semaphore":1,"max":1,"holders":null}`; an existing
   * key is fine. Done once per RebootLock (as locksmith's client does at its
   * creation): later operations skip it.
   */
  async init(signal?: AbortSignal): Promise<void> {
    if (this.initialized) return;
    await this.kv.createIfAbsent(this.key, encodeSemaphore(INITIAL_SEMAPHORE), signal);
    this.initialized = true;
  }

  /** Read and decode (no init). */
  async read(signal?: AbortSignal): Promise<LockOutcome<ReadResult>> {
    const entry = await this.kv.get(this.key, signal);
    if (entry === undefined) {
      this.initialized = false; // deleted behind our back: the next operation creates it again
      return { ok: false, failure: { kind: 'missing', message: `100: Key not found (/${this.key})` } };
    }
    const parsed = parseSemaphore(entry.value);
    if (!parsed.ok) return { ok: false, failure: { kind: 'corrupt', message: parsed.message } };
    return { ok: true, value: { semaphore: parsed.value, index: entry.index } };
  }

  /** `status`: init, then read. */
  async status(signal?: AbortSignal): Promise<LockOutcome<Semaphore>> {
    await this.init(signal);
    const r = await this.read(signal);
    return r.ok ? { ok: true, value: r.value.semaphore } : r;
  }

  lock(id: string, signal?: AbortSignal): Promise<LockOutcome<Semaphore>> {
    return this.store((s) => lockSemaphore(s, id), signal);
  }

  unlock(id: string, signal?: AbortSignal): Promise<LockOutcome<Semaphore>> {
    return this.store((s) => unlockSemaphore(s, id), signal);
  }

  /** Returns the new value and the old max. */
  async setMax(max: number, signal?: AbortSignal): Promise<LockOutcome<{ semaphore: Semaphore; oldMax: number }>> {
    let oldMax = 0;
    const r = await this.store((s) => {
      oldMax = s.max;
      return { ok: true, value: setMaxSemaphore(s, max) };
    }, signal);
    return r.ok ? { ok: true, value: { semaphore: r.value, oldMax } } : r;
  }

  private async store(
    change: (s: Semaphore) => SemaphoreChange,
    signal?: AbortSignal,
  ): Promise<LockOutcome<Semaphore>> {
    await this.init(signal);
    let pause = this.retry?.initialMs ?? 0;
    for (let attempt = 1; ; attempt++) {
      const read = await this.read(signal);
      if (!read.ok) return read;
      const next = change(read.value.semaphore);
      if (!next.ok) return { ok: false, failure: next.refusal };
      const cas = await this.kv.compareAndSwap(this.key, encodeSemaphore(next.value), read.value.index, signal);
      if (cas.ok) return { ok: true, value: next.value };
      if (this.retry === undefined || attempt >= this.retry.attempts)
        return { ok: false, failure: { kind: 'conflict', message: cas.message } };
      const jitter = this.retry.jitter ?? 0;
      const wait = Math.round(pause * (1 - jitter * (this.retry.random ?? Math.random)()));
      await this.retry.sleep(wait, signal);
      pause = Math.min(pause * 2, this.retry.maxMs);
    }
  }
}
