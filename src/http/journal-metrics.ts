import { Counter, Gauge, type Registry } from 'prom-client';
import type { ReceiverMetrics } from '../adapters/node/index.js';
import type { JournalRepository } from '../journal/index.js';

/** The journal receiver's metrics on /metrics (docs/journal.md#metrics). */
export function createJournalMetrics(
  registry: Registry,
  repo: JournalRepository,
  diskBytes?: () => Promise<number>,
): ReceiverMetrics {
  const entries = new Counter({
    name: 'hull_journal_entries_received_total',
    help: 'Journal entries received and stored, by host (an uploader resuming at its saved cursor sends one again: counted here, stored once; hull_journal_duplicates_total counts those).',
    labelNames: ['host'] as const,
    registers: [registry],
  });
  const bytes = new Counter({
    name: 'hull_journal_bytes_received_total',
    help: 'Journal entry bytes received and stored (NAME=value of each field, as journald counts them; repeats counted as in hull_journal_entries_received_total), by host.',
    labelNames: ['host'] as const,
    registers: [registry],
  });
  const dups = new Counter({
    name: 'hull_journal_duplicates_total',
    help: 'Journal entries received again from a host that had sent them before (an uploader resuming at its saved cursor), not stored twice.',
    labelNames: ['host'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'hull_journal_uploads_rejected_total',
    help: 'Journal uploads refused or cut short, by reason (method, path, content_type, content_length, encoding, unauthorized, too_large, premature_eof, invalid, aborted, store).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  let reading: Promise<{ entries: number; bytes: number; disk: number }> | undefined;
  const read = () =>
    (reading ??= (async () => {
      const s = await repo.stats();
      const disk = diskBytes ? await diskBytes() : 0;
      return { ...s, disk };
    })().finally(() => setTimeout(() => (reading = undefined), 0)));
  new Gauge({
    name: 'hull_journal_store_entries',
    help: 'Journal entries in the store.',
    registers: [registry],
    async collect() {
      this.set((await read()).entries);
    },
  });
  new Gauge({
    name: 'hull_journal_store_bytes',
    help: "Journal entries' data in the store (NAME=value of each field).",
    registers: [registry],
    async collect() {
      this.set((await read()).bytes);
    },
  });
  if (diskBytes) {
    new Gauge({
      name: 'hull_journal_store_disk_bytes',
      help: "Disk the store takes: the journal's tables (PostgreSQL) or the whole database file (SQLite).",
      registers: [registry],
      async collect() {
        this.set((await read()).disk);
      },
    });
  }
  return {
    received: (host, n, b) => {
      entries.inc({ host }, n);
      bytes.inc({ host }, b);
    },
    duplicates: (host, n) => dups.inc({ host }, n),
    rejected: (reason) => rejected.inc({ reason }),
  };
}
