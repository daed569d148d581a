import type { JournalTail } from './repository.js';
import type { StoredEntry } from './query.js';

/** The live tail in one process: listeners called synchronously, in subscription order; a throwing listener is dropped. */
export class LocalJournalTail implements JournalTail {
  private readonly listeners = new Set<(entries: readonly StoredEntry[]) => void>();

  publish(entries: readonly StoredEntry[]): void {
    if (entries.length === 0) return;
    for (const l of [...this.listeners]) {
      try {
        l(entries);
      } catch {
        this.listeners.delete(l);
      }
    }
  }

  subscribe(listener: (entries: readonly StoredEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
