/**
 * A fixed pool of worker threads for CPU-heavy tasks, with a budget per task:
 * at most `timeoutMs` of run time (the worker is terminated and replaced
 * when a task overruns) and `maxHeapMb` of heap (worker `resourceLimits`; a
 * worker that runs out is replaced too), and a bounded queue (a task that
 * finds it full is refused at once, so callers can answer "busy").
 * docs/decisions.md D18 says why this is our own and not piscina.
 *
 * The worker side is `serveTasks` (worker-task.ts).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { FromPool, ToWorker, WorkerSetup } from './worker-task.js';

export type WorkerPoolFailure = 'busy' | 'timeout' | 'memory' | 'crashed' | 'failed' | 'closed';

export class WorkerPoolError extends Error {
  readonly kind: WorkerPoolFailure;
  constructor(kind: WorkerPoolFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerPoolError';
    this.kind = kind;
  }
}

export interface WorkerPoolOptions {
  /** The worker's module (it calls `serveTasks`). */
  readonly entry: URL;
  /** Number of worker threads, at least 1. */
  readonly size: number;
  /** Tasks that may wait for a worker; one more is refused with `busy`. */
  readonly maxQueue: number;
  /** Run time of one task, counted from when a worker takes it. */
  readonly timeoutMs: number;
  /** Old-generation heap of each worker, in MiB. */
  readonly maxHeapMb: number;
  /**
   * Scheduling priority of the worker threads (Linux nice, 0–19; default 10),
   * so that when CPUs are short the event loop (health checks, small
   * requests) runs before the heavy tasks.
   */
  readonly nice?: number;
  /** Told each time a worker is stopped and replaced (overrun, out of memory, crash). */
  readonly onReplace?: (reason: WorkerPoolFailure, detail: string) => void;
}

interface Task<I, O> {
  readonly id: number;
  readonly input: I;
  readonly resolve: (value: O) => void;
  readonly reject: (err: WorkerPoolError) => void;
}

interface Slot<I, O> {
  readonly worker: Worker;
  ready: boolean;
  task: Task<I, O> | undefined;
  startedAt: number;
  timer: NodeJS.Timeout | undefined;
  error: Error | undefined;
}

/**
 * Under tsx (tests, `tsx bench/…`) the entry is TypeScript. On Node 20 tsx's
 * ESM hooks do not reach worker threads (`--import tsx` in the worker still
 * fails with "Unknown file extension .ts"), so the worker registers tsx's
 * CommonJS hook itself and requires the entry. The built server never takes
 * this path: its entry is dist/transpile-worker.cjs.
 */
function tsxBootstrap(entry: URL): string {
  const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs/api');
  return `require(${JSON.stringify(tsxCjs)}).register(); require(${JSON.stringify(fileURLToPath(entry))});`;
}

/** Consecutive workers dying before they are ready before the pool stops respawning (until the next task). */
const MAX_START_FAILURES = 3;

export class WorkerPool<I, O> {
  readonly #opts: WorkerPoolOptions;
  readonly #slots = new Set<Slot<I, O>>();
  readonly #queue: Task<I, O>[] = [];
  #nextId = 1;
  #closed = false;
  #startFailures = 0;
  #replaced = 0;
  /** Moving average of successful run times, for Retry-After. */
  #meanRunMs = 1000;

  constructor(opts: WorkerPoolOptions) {
    if (!(opts.size >= 1)) throw new RangeError('a worker pool needs at least one worker');
    this.#opts = opts;
    for (let i = 0; i < opts.size; i++) this.#spawn();
  }

  /** Runs one task; rejects with a WorkerPoolError saying why it did not complete. */
  run(input: I): Promise<O> {
    if (this.#closed) return Promise.reject(new WorkerPoolError('closed', 'the worker pool is closed'));
    const idle = this.#idleSlot();
    if (idle === undefined && this.#queue.length >= this.#opts.maxQueue) {
      return Promise.reject(
        new WorkerPoolError('busy', `all ${this.#opts.size} workers are busy and ${this.#queue.length} tasks wait`),
      );
    }
    return new Promise<O>((resolve, reject) => {
      const task: Task<I, O> = { id: this.#nextId++, input, resolve, reject };
      if (idle !== undefined) this.#assign(idle, task);
      else {
        this.#queue.push(task);
        // After start failures the pool may be short of workers: try again now that there is work.
        while (this.#slots.size < this.#opts.size) this.#spawn();
      }
    });
  }

  /** True when a task submitted now would be refused as `busy`. */
  get saturated(): boolean {
    return this.#idleSlot() === undefined && this.#queue.length >= this.#opts.maxQueue;
  }

  /** A guess, in whole seconds (1–60), of when a refused caller could get a worker. */
  retryAfterSeconds(): number {
    const ahead = this.#queue.length + this.#busyCount();
    const s = Math.ceil((ahead * this.#meanRunMs) / this.#opts.size / 1000);
    return Math.min(60, Math.max(1, s));
  }

  get stats(): { size: number; busy: number; queued: number; replaced: number } {
    return { size: this.#opts.size, busy: this.#busyCount(), queued: this.#queue.length, replaced: this.#replaced };
  }

  /** Refuses new tasks, fails queued and running ones with `closed`, and stops every worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.reject(new WorkerPoolError('closed', 'the worker pool was closed'));
    const slots = [...this.#slots];
    this.#slots.clear();
    for (const slot of slots) {
      clearTimeout(slot.timer);
      slot.task?.reject(new WorkerPoolError('closed', 'the worker pool was closed while the task ran'));
      slot.task = undefined;
    }
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  }

  #busyCount(): number {
    let n = 0;
    for (const s of this.#slots) if (s.task !== undefined) n++;
    return n;
  }

  #idleSlot(): Slot<I, O> | undefined {
    for (const s of this.#slots) if (s.ready && s.task === undefined) return s;
    return undefined;
  }

  #spawn(): void {
    const workerData: WorkerSetup = { nice: this.#opts.nice ?? 10 };
    const options: WorkerOptions = { resourceLimits: { maxOldGenerationSizeMb: this.#opts.maxHeapMb }, workerData };
    const worker = this.#opts.entry.pathname.endsWith('.ts')
      ? new Worker(tsxBootstrap(this.#opts.entry), { ...options, eval: true, execArgv: [] })
      : new Worker(this.#opts.entry, options);
    const slot: Slot<I, O> = {
      worker,
      ready: false,
      task: undefined,
      startedAt: 0,
      timer: undefined,
      error: undefined,
    };
    this.#slots.add(slot);
    worker.on('message', (msg: FromPool<O>) => this.#onMessage(slot, msg));
    worker.on('error', (err) => {
      slot.error = err;
    });
    worker.on('exit', (code) => this.#onExit(slot, code));
  }

  #onMessage(slot: Slot<I, O>, msg: FromPool<O>): void {
    if (!this.#slots.has(slot)) return;
    if (msg.type === 'ready') {
      slot.ready = true;
      this.#startFailures = 0;
      this.#dispatch();
      return;
    }
    const task = slot.task;
    if (task === undefined || task.id !== msg.id) return;
    clearTimeout(slot.timer);
    slot.task = undefined;
    if (msg.type === 'done') {
      this.#meanRunMs = 0.8 * this.#meanRunMs + 0.2 * (performance.now() - slot.startedAt);
      task.resolve(msg.value);
    } else {
      task.reject(new WorkerPoolError('failed', msg.message));
    }
    this.#dispatch();
  }

  #onExit(slot: Slot<I, O>, code: number): void {
    clearTimeout(slot.timer);
    if (!this.#slots.delete(slot)) return; // stopped on purpose (overrun, close)
    const oom = (slot.error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const kind: WorkerPoolFailure = oom ? 'memory' : 'crashed';
    const detail = oom
      ? `the task needed more than ${this.#opts.maxHeapMb} MiB of memory`
      : `the worker stopped (exit code ${code}${slot.error ? `: ${slot.error.message}` : ''})`;
    if (slot.task !== undefined) {
      slot.task.reject(new WorkerPoolError(kind, detail, { cause: slot.error }));
      slot.task = undefined;
    }
    if (this.#closed) return;
    if (!slot.ready) {
      this.#startFailures++;
      if (this.#startFailures >= MAX_START_FAILURES) {
        // The entry cannot start (missing, broken): fail what waits instead of respawning forever.
        for (const task of this.#queue.splice(0))
          task.reject(new WorkerPoolError('crashed', `the workers cannot start: ${detail}`));
        return;
      }
    }
    this.#replace(kind, detail);
  }

  #replace(kind: WorkerPoolFailure, detail: string): void {
    this.#replaced++;
    this.#opts.onReplace?.(kind, detail);
    this.#spawn();
  }

  #assign(slot: Slot<I, O>, task: Task<I, O>): void {
    slot.task = task;
    slot.startedAt = performance.now();
    slot.timer = setTimeout(() => this.#overrun(slot), this.#opts.timeoutMs);
    const msg: ToWorker<I> = { id: task.id, input: task.input };
    slot.worker.postMessage(msg);
  }

  #overrun(slot: Slot<I, O>): void {
    if (!this.#slots.delete(slot)) return;
    const task = slot.task;
    slot.task = undefined;
    void slot.worker.terminate().catch(() => 0);
    const detail = `the task ran longer than ${this.#opts.timeoutMs} ms`;
    task?.reject(new WorkerPoolError('timeout', detail));
    if (!this.#closed) this.#replace('timeout', detail);
  }

  #dispatch(): void {
    for (let slot = this.#idleSlot(); slot !== undefined && this.#queue.length > 0; slot = this.#idleSlot()) {
      this.#assign(slot, this.#queue.shift()!);
    }
  }
}
