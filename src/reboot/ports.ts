/**
 * The ports the reboot coordinator runs over. A `KvStore` is what the etcd v2
 * keys API offers locksmith: create-if-absent, read with a modification index,
 * and compare-and-swap on that index. Adapters: `src/adapters/etcd/` (etcd v2
 * over HTTP), `src/adapters/memory/kv-store.ts` (tests).
 */

/** A stored value with the index of its last modification (etcd's `modifiedIndex`). */
export interface KvEntry {
  readonly value: string;
  readonly index: number;
}

/** The outcome of a compare-and-swap: `conflict` when the key changed since `prevIndex` was read. */
export type CasResult =
  | { readonly ok: true; readonly index: number }
  | { readonly ok: false; readonly message: string };

export interface KvStore {
  /** Creates `key` with `value` unless it exists; true when it was created. */
  createIfAbsent(key: string, value: string, signal?: AbortSignal): Promise<boolean>;
  /** The current value, or undefined when the key does not exist. */
  get(key: string, signal?: AbortSignal): Promise<KvEntry | undefined>;
  /** Replaces the value when the key was last modified at `prevIndex`. */
  compareAndSwap(key: string, value: string, prevIndex: number, signal?: AbortSignal): Promise<CasResult>;
}

/** Waits `ms` milliseconds or until the signal aborts (then rejects with the signal's reason). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
