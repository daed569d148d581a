/**
 * What `hull serve` allows one client or one request (docs/server.md,
 * "Limits"): connection caps, the time to receive a request, the transpile
 * workers' budget and the shutdown deadline. Pure: the CLI reads the flags
 * and the file-descriptor limit, and passes the numbers in.
 */
import { AppError } from '../core/index.js';

export interface ServerLimits {
  /** Connections held at once, in all. */
  readonly maxConnections: number;
  /** Connections held at once from one client address (0: no cap). */
  readonly maxConnectionsPerIp: number;
  /** Time to receive a request's headers, ms. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request (headers and body), ms. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_LIMITS = {
  maxConnectionsPerIp: 256,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  shutdownTimeoutMs: 10_000,
  /** Used when the open-file limit cannot be read. */
  assumedFileLimit: 1024,
} as const;

/**
 * The total cap: the open-file limit less a reserve for the store, logs,
 * worker threads and files (a tenth of it, at least 64 and at most 1024).
 */
export function defaultMaxConnections(fileLimit: number | undefined): number {
  const limit = Math.min(fileLimit ?? DEFAULT_LIMITS.assumedFileLimit, 1_000_000);
  const reserve = Math.min(1024, Math.max(64, Math.ceil(limit / 10)));
  return Math.max(1, limit - reserve);
}

/** How often Node checks connections for the headers and request timeouts. */
export function connectionsCheckingIntervalMs(limits: Pick<ServerLimits, 'headersTimeoutMs'>): number {
  return Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 10)));
}

/** `500ms`, `10s`, `2m`, or a bare number of seconds → milliseconds. */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m)
    throw new AppError('USAGE', `${what}: ${JSON.stringify(text)} is not a duration (500ms, 10s, 2m, or seconds)`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (!(ms >= 1) || !Number.isSafeInteger(Math.round(ms)))
    throw new AppError('USAGE', `${what}: ${JSON.stringify(text)} must be at least 1ms`);
  return Math.round(ms);
}

/** A whole number ≥ `min`. */
export function parseCount(text: string, what: string, min = 1): number {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new AppError('USAGE', `${what}: ${JSON.stringify(text)} must be a whole number of at least ${min}`);
  }
  return n;
}
