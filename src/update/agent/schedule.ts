/**
 * When update_engine checks (update.md §3.2, observed §10.9): the first check
 * 7 min ± 5 min after start, then 45 ± 5 min; a server PollInterval clamped
 * to 45 min..4 h (below 45 min: 45 ± 5 min; else ± interval/2); after HTTP
 * 500 or 503 the last interval doubled, capped at 4 h, ± interval/2. Pure:
 * `random` returns [0, 1).
 */
export const MINUTE = 60_000;
export const FIRST_CHECK_MS = 7 * MINUTE;
export const PERIODIC_MS = 45 * MINUTE;
export const REGULAR_FUZZ_MS = 10 * MINUTE;
export const MAX_INTERVAL_MS = 4 * 60 * MINUTE;
/** flatcar-setgoodroot runs at the earlier of this after start and the first check. */
export const MARK_GOOD_AFTER_MS = 45_000;
/** An unanswered update check is retried after this, once when interactive, three times when scheduled. */
export const CHECK_RETRY_MS = 10_000;
export const CHECK_RETRIES = { interactive: 1, scheduled: 3 } as const;
/** A payload transfer that stops short is resumed with Range up to 20 times, 20 s apart. */
export const TRANSFER_RETRIES = 20;
export const TRANSFER_RETRY_MS = 20_000;

export type Random = () => number;

/** interval ± fuzz/2, uniformly. */
export function fuzzed(interval: number, fuzz: number, random: Random): number {
  return Math.max(0, Math.round(interval - fuzz / 2 + random() * fuzz));
}

export function firstCheckDelay(random: Random): number {
  return fuzzed(FIRST_CHECK_MS, REGULAR_FUZZ_MS, random);
}

export interface LastCheck {
  /** The interval used before this check (for the doubling). */
  readonly lastIntervalMs: number;
  /** The HTTP status of the update check, when there was one. */
  readonly httpStatus?: number;
  /** The response's PollInterval in seconds, when > 0. */
  readonly pollIntervalSec?: number;
}

export interface NextCheck {
  readonly intervalMs: number;
  readonly fuzzMs: number;
  readonly delayMs: number;
}

/** update_engine's ComputeNextIntervalAndFuzz, then the fuzz applied. */
export function nextCheck(last: LastCheck, random: Random): NextCheck {
  let interval: number;
  let fuzz: number;
  if (last.httpStatus === 500 || last.httpStatus === 503) {
    interval = Math.min(MAX_INTERVAL_MS, Math.max(PERIODIC_MS, 2 * last.lastIntervalMs));
    fuzz = interval;
  } else if (last.pollIntervalSec !== undefined && last.pollIntervalSec > 0) {
    const asked = last.pollIntervalSec * 1000;
    if (asked <= PERIODIC_MS) {
      interval = PERIODIC_MS;
      fuzz = REGULAR_FUZZ_MS;
    } else {
      interval = Math.min(MAX_INTERVAL_MS, asked);
      fuzz = interval;
    }
  } else {
    interval = PERIODIC_MS;
    fuzz = REGULAR_FUZZ_MS;
  }
  return { intervalMs: interval, fuzzMs: fuzz, delayMs: fuzzed(interval, fuzz, random) };
}

/** Payload backoff: after the n-th complete download of the same response, wait 2^(n-1) days (≤ 16) ± 6 h. */
export function payloadBackoffMs(attempt: number, random: Random): number {
  if (attempt <= 0) return 0;
  const days = Math.min(16, 2 ** Math.min(attempt - 1, 4));
  return fuzzed(days * 24 * 60 * MINUTE, 12 * 60 * MINUTE, random);
}
