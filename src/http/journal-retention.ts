import { AppError, type Logger } from '../core/index.js';
import type { JournalRepository } from '../journal/index.js';

export interface JournalRetentionSettings {
  /** Entries older than this (ms) are deleted; 0: no age limit. */
  readonly maxAgeMs: number;
  /** 0: no limit. */
  readonly maxBytes: number;
  /** 0: no limit. */
  readonly hostMaxBytes: number;
}

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--journal-max-age`: `0` (keep), or a number with s, m, h, d or w (`30d`). */
export function parseAge(text: string, what: string): number {
  const t = text.trim();
  if (t === '0') return 0;
  const m = /^(\d+)([smhdw])$/.exec(t);
  if (!m) throw new AppError('USAGE', `${what}: ${JSON.stringify(text)} is not an age (0, or e.g. 12h, 30d, 8w)`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

/**
 * The journal's retention (docs/journal.md#retention): at start and then
 * every `everyMs`, entries older than the age limit are deleted, then the
 * oldest of each host over the per-host size, then the oldest of all over
 * the total size. A failed run is logged and tried again next time.
 */
export function startJournalRetention(
  repo: JournalRepository,
  s: JournalRetentionSettings,
  logger: Logger,
  everyMs = 600_000,
): { stop(): Promise<void> } {
  if (s.maxAgeMs === 0 && s.maxBytes === 0 && s.hostMaxBytes === 0) return { stop: async () => {} };
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(() =>
      repo
        .prune({
          ...(s.maxAgeMs > 0 ? { before: BigInt(Date.now() - s.maxAgeMs) * 1000n } : {}),
          ...(s.maxBytes > 0 ? { maxBytes: s.maxBytes } : {}),
          ...(s.hostMaxBytes > 0 ? { hostMaxBytes: s.hostMaxBytes } : {}),
        })
        .then((r) => {
          if (r.deletedByAge + r.deletedBySize > 0) logger.info({ ...r }, 'journal retention: deleted entries');
        })
        .catch((err: unknown) => logger.warn({ err }, 'journal retention failed; trying again later')),
    );
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
