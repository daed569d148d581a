import type { UpdateRepository } from '../../update/index.js';
import { catalogOps } from './update/catalog.js';
import { machineOps } from './update/machines.js';
import { seededState, snapshot, type MemoryState } from './update/state.js';

/**
 * The update server's storage port in memory, for tests of the layers above
 * the database. It starts with the same seed as migration 0003_update and
 * passes the same conformance suite (test/update/repository-memory.test.ts),
 * with the same CONFLICT messages. Like SQLite it runs one thing at a time:
 * a transaction holds every other call (and other transactions) until it
 * ends, and a transaction that throws puts the state back as it was.
 * Nothing survives the instance.
 */
export interface MemoryUpdateRepository extends UpdateRepository {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the methods are the catalog's and machines' operations, assigned in the constructor
export class MemoryUpdateRepository {
  private readonly state: MemoryState = seededState();
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    const inner = this.direct();
    const held = Object.fromEntries(
      Object.entries(inner).map(([name, op]) => [
        name,
        (...args: unknown[]) => this.serial(() => (op as (...a: unknown[]) => Promise<unknown>)(...args)),
      ]),
    );
    Object.assign(this, held, {
      transaction: <T>(fn: (tx: UpdateRepository) => Promise<T>): Promise<T> =>
        this.serial(() => this.atomically(fn, inner)),
    });
  }

  /** The operations on the state, without waiting; what a transaction's `tx` is. */
  private direct(): UpdateRepository {
    const tx: UpdateRepository = {
      ...catalogOps(this.state),
      ...machineOps(this.state),
      // Already inside a transaction: run on (no nesting, like the store).
      transaction: (fn) => fn(tx),
    };
    return tx;
  }

  private async atomically<T>(fn: (tx: UpdateRepository) => Promise<T>, tx: UpdateRepository): Promise<T> {
    const before = snapshot(this.state);
    try {
      return await fn(tx);
    } catch (err) {
      Object.assign(this.state, before);
      throw err;
    }
  }

  /** Runs `op` after everything queued before it. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
