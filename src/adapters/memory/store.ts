import { AppError, type Store } from '../../core/index.js';

const INTEGER_TEXT = /^-?(0|[1-9]\d*)$/;

/**
 * The Store port in memory, for tests of the layers above the database. It
 * passes the port's conformance suite (test/store/memory.test.ts) with the
 * same errors as the database adapters; nothing survives a new instance.
 */
export class MemoryStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly meta = new Map<string, string>();
  private closed = false;
  /** When set, ping() fails: lets tests see how callers handle a store that stops answering. */
  failing = false;

  private check(step: string): void {
    if (this.closed) throw new AppError('STORE_QUERY_FAILED', 'the memory store is closed').while(step);
  }

  async appliedMigrations(): Promise<readonly string[]> {
    this.check('listing applied migrations');
    return [];
  }

  async getMeta(key: string): Promise<string | undefined> {
    this.check(`reading meta key "${key}"`);
    return this.meta.get(key);
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.check(`writing meta key "${key}"`);
    this.meta.set(key, value);
  }

  async incrementMeta(key: string, by = 1): Promise<number> {
    const step = `incrementing meta key "${key}"`;
    if (!Number.isSafeInteger(by)) {
      throw new AppError('INTERNAL', `incrementMeta needs a safe integer, got ${String(by)}`).while(step);
    }
    this.check(step);
    const current = this.meta.get(key);
    if (current !== undefined && !INTEGER_TEXT.test(current)) {
      throw new AppError('STORE_QUERY_FAILED', `the value ${JSON.stringify(current)} is not an integer`).while(step);
    }
    const next = Number(current ?? '0') + by;
    if (!Number.isSafeInteger(next)) {
      throw new AppError(
        'STORE_QUERY_FAILED',
        `adding ${by} to ${current} would leave the range of exact integers (±${Number.MAX_SAFE_INTEGER})`,
      ).while(step);
    }
    this.meta.set(key, String(next));
    return next;
  }

  async ping(): Promise<void> {
    this.check('pinging the database');
    if (this.failing)
      throw new AppError('STORE_QUERY_FAILED', 'the memory store is set to fail').while('pinging the database');
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
