/**
 * POST /api/v1/transpile's work on a WorkerPool: the body goes to a worker
 * thread, the answer's JSON text comes back; the pool's refusals become
 * AppErrors (SERVER_BUSY, TRANSPILE_BUDGET_EXCEEDED, USAGE, INTERNAL).
 */
import { availableParallelism } from 'node:os';
import { AppError } from '../../core/index.js';
import type { TranspileJobResult } from '../../transpile/index.js';
import { WorkerPool, WorkerPoolError, type WorkerPoolFailure } from './worker-pool.js';

export interface TranspilePoolOptions {
  /** Worker threads (default: one less than the CPUs, at least 1). */
  readonly workers?: number;
  /** Requests that may wait for a worker (default 16); more answer SERVER_BUSY. */
  readonly queue?: number;
  /** Run time of one transpile, in ms (default 10 000). */
  readonly timeoutMs?: number;
  /** Heap of each worker, in MiB (default 512). */
  readonly memoryMb?: number;
  readonly onWorkerReplaced?: (reason: WorkerPoolFailure, detail: string) => void;
}

export const TRANSPILE_POOL_DEFAULTS = { queue: 16, timeoutMs: 10_000, memoryMb: 512 } as const;

/** One less than the CPUs, so the event loop keeps a core; at least 1. */
export function defaultTranspileWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * The worker's module: dist/transpile-worker.cjs beside the bundle
 * (scripts/build.mjs, where import.meta.url is dist/hull.cjs), or the
 * TypeScript source when run under tsx (tests).
 */
export function transpileWorkerEntry(): URL {
  const here = import.meta.url;
  return here.endsWith('.cjs') ? new URL('./transpile-worker.cjs', here) : new URL('./transpile-worker.ts', here);
}

export class TranspilePool {
  readonly #pool: WorkerPool<Uint8Array, TranspileJobResult>;
  readonly #timeoutMs: number;
  readonly #memoryMb: number;

  constructor(opts: TranspilePoolOptions = {}) {
    this.#timeoutMs = opts.timeoutMs ?? TRANSPILE_POOL_DEFAULTS.timeoutMs;
    this.#memoryMb = opts.memoryMb ?? TRANSPILE_POOL_DEFAULTS.memoryMb;
    this.#pool = new WorkerPool({
      entry: transpileWorkerEntry(),
      size: opts.workers ?? defaultTranspileWorkers(),
      maxQueue: opts.queue ?? TRANSPILE_POOL_DEFAULTS.queue,
      timeoutMs: this.#timeoutMs,
      maxHeapMb: this.#memoryMb,
      ...(opts.onWorkerReplaced ? { onReplace: opts.onWorkerReplaced } : {}),
    });
  }

  /** The request body → the 200 answer's JSON text; rejects with an AppError. */
  async run(body: Uint8Array): Promise<string> {
    let result: TranspileJobResult;
    try {
      result = await this.#pool.run(body);
    } catch (err) {
      throw this.#toAppError(err);
    }
    if (!result.ok) throw new AppError(result.code, result.message);
    return result.json;
  }

  get saturated(): boolean {
    return this.#pool.saturated;
  }

  retryAfterSeconds(): number {
    return this.#pool.retryAfterSeconds();
  }

  get stats(): { size: number; busy: number; queued: number; replaced: number } {
    return this.#pool.stats;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  #toAppError(err: unknown): AppError {
    if (!(err instanceof WorkerPoolError))
      return new AppError('INTERNAL', err instanceof Error ? err.message : String(err), { cause: err });
    switch (err.kind) {
      case 'busy':
        return new AppError('SERVER_BUSY', `too many transpiles at once (${err.message}); retry later`, { cause: err });
      case 'timeout':
        return new AppError(
          'TRANSPILE_BUDGET_EXCEEDED',
          `the transpile took longer than ${this.#timeoutMs} ms, the time one request may use; it was stopped`,
          { cause: err },
        );
      case 'memory':
        return new AppError(
          'TRANSPILE_BUDGET_EXCEEDED',
          `the transpile needed more than ${this.#memoryMb} MiB of memory, what one request may use; it was stopped`,
          { cause: err },
        );
      case 'closed':
        return new AppError('SERVER_BUSY', 'the server is shutting down', { cause: err });
      default:
        return new AppError('INTERNAL', `transpile worker: ${err.message}`, { cause: err });
    }
  }
}
