/**
 * Durations in a scenario: Go syntax (`90m`, `1h30m`, `0`) through
 * src/reboot's parseGoDuration, or ISO 8601 (`PT90M`, `P2DT3H`, `P1W`), in
 * milliseconds; a bare integer 0 is 0. ISO years and months are refused:
 * their length depends on the calendar. Pure.
 */
import { parseGoDuration } from '../reboot/index.js';

export type DurationResult =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly message: string };

const ISO =
  /^([-+])?P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const ISO_UNITS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

export function parseIsoDuration(text: string): DurationResult {
  if (/[YM]/.test(text.replace(/^[-+]?P/, '').split('T')[0] ?? '')) {
    return {
      ok: false,
      message: `${JSON.stringify(text)}: ISO years and months have no fixed length; use weeks, days or hours`,
    };
  }
  const m = ISO.exec(text);
  if (m === null || text.endsWith('T') || /^[-+]?PT?$/.test(text))
    return { ok: false, message: `${JSON.stringify(text)} is not an ISO 8601 duration` };
  let ms = 0;
  for (let i = 0; i < ISO_UNITS.length; i++) {
    const part = m[i + 2];
    if (part !== undefined) ms += Number(part.replace(',', '.')) * ISO_UNITS[i]!;
  }
  if (!Number.isFinite(ms)) return { ok: false, message: `${JSON.stringify(text)} is too long` };
  return { ok: true, ms: m[1] === '-' ? -ms : ms };
}

/** A scenario duration: a Go or ISO 8601 string, or the number 0. */
export function parseSimDuration(value: unknown): DurationResult {
  if (value === 0) return { ok: true, ms: 0 };
  if (typeof value !== 'string')
    return { ok: false, message: 'a duration is a string such as "90m", "1h30m" or "PT90M"' };
  if (/^[-+]?P/.test(value)) return parseIsoDuration(value);
  const go = parseGoDuration(value);
  return go.ok
    ? go
    : { ok: false, message: `${go.message} (write Go syntax such as "90m" or "1h30m", or ISO 8601 such as "PT90M")` };
}
