import type { CasResult, KvEntry, KvStore } from '../../reboot/index.js';

/**
 * An in-memory KvStore with etcd v2's index rules (one global index, bumped
 * by every change), for tests of the reboot core. `history` keeps every
 * stored value in order; `failNext` makes the next calls throw.
 */
export class MemoryKvStore implements KvStore {
  private readonly data = new Map<string, KvEntry>();
  private index = 1;
  readonly history: Array<{ key: string; value: string; index: number }> = [];
  readonly calls: string[] = [];
  failNext = 0;
  /** Called before each compare-and-swap (to interleave a competing writer in tests). */
  beforeCas: ((key: string) => void) | undefined;

  private maybeFail(what: string): void {
    this.calls.push(what);
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error(`memory kv: ${what} failed`);
    }
  }

  async createIfAbsent(key: string, value: string): Promise<boolean> {
    this.maybeFail('create');
    if (this.data.has(key)) return false;
    this.put(key, value);
    return true;
  }

  async get(key: string): Promise<KvEntry | undefined> {
    this.maybeFail('get');
    return this.data.get(key);
  }

  async compareAndSwap(key: string, value: string, prevIndex: number): Promise<CasResult> {
    this.maybeFail('cas');
    this.beforeCas?.(key);
    const cur = this.data.get(key);
    if (cur === undefined || cur.index !== prevIndex) {
      return { ok: false, message: `101: Compare failed ([${prevIndex} != ${cur?.index ?? 0}]) [${this.index}]` };
    }
    return { ok: true, index: this.put(key, value) };
  }

  /** Sets a value directly (a hand edit). */
  set(key: string, value: string): number {
    return this.put(key, value);
  }

  private put(key: string, value: string): number {
    const index = ++this.index;
    this.data.set(key, { value, index });
    this.history.push({ key, value, index });
    return index;
  }
}
