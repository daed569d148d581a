import { AppError } from '../../core/index.js';

/**
 * The values of `hull update`'s flags, checked before any request: a bad one
 * is USAGE (exit 2) naming the flag. Pure.
 */

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `90`, `90s`, `15m`, `2h`, `7d`, `1w`, `1h30m` → whole seconds (at least 1). */
export function parseSeconds(text: string, flag: string): number {
  const t = text.trim();
  const parts = /^\d+$/.test(t)
    ? [[t, t, 's'] as const]
    : [...t.matchAll(/(\d+)([smhdw])/g)].map((m) => [m[0], m[1]!, m[2]!] as const);
  const seconds = parts.reduce((n, [, v, u]) => n + Number(v) * UNIT_SECONDS[u]!, 0);
  if (t === '' || parts.map((p) => p[0]).join('') !== t || !Number.isSafeInteger(seconds) || seconds < 1) {
    throw new AppError(
      'USAGE',
      `${flag}: ${JSON.stringify(text)} is not a duration (90s, 15m, 2h, 7d, 1w, 1h30m, or seconds)`,
    );
  }
  return seconds;
}

/** A whole number from `min` to `max`. */
export function parseWhole(text: string, flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const t = text.trim();
  const n = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new AppError('USAGE', `${flag}: ${JSON.stringify(text)} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** A number from `min` to `max` (`0.2`, `12.5`); a trailing `%` for percentages is allowed where `percent`. */
export function parseNumber(
  text: string,
  flag: string,
  min: number,
  max: number,
  opts: { percent?: boolean } = {},
): number {
  const t = opts.percent ? text.trim().replace(/%$/, '') : text.trim();
  const n = Number(t);
  if (!/^\d+(\.\d+)?$/.test(t) || n < min || n > max) {
    throw new AppError('USAGE', `${flag}: ${JSON.stringify(text)} must be a number from ${min} to ${max}`);
  }
  return n;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** true/false (also yes/no, on/off, 1/0). */
export function parseBoolean(text: string, flag: string): boolean {
  const t = text.trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  throw new AppError('USAGE', `${flag}: ${JSON.stringify(text)} must be true or false (also on/off, yes/no)`);
}

/** A server URL: http(s)://host[:port][/prefix], without a trailing slash. */
export function parseServerUrl(text: string, from: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('USAGE', `${from}: ${JSON.stringify(text)} is not a URL (http://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError('USAGE', `${from}: ${JSON.stringify(text)} must be an http:// or https:// URL`);
  if (url.search !== '' || url.hash !== '')
    throw new AppError('USAGE', `${from}: ${JSON.stringify(text)} must have no ?query or #fragment`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `25m` ago from `now`, as an ISO time (activity --since). */
export function sinceTime(text: string, flag: string, now: Date): string {
  return new Date(now.getTime() - parseSeconds(text, flag) * 1000).toISOString();
}

/** Seconds for people: `3600` → `1h`, `90` → `1m30s`, `86400` → `1d`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return `${seconds}s`;
  let rest = Math.round(seconds);
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
