/**
 * Reboot windows as locksmithd reads them: a start `HH:MM` (daily) or
 * `<Day> HH:MM` (weekly; `sun`…`sat`, any case) in the machine's local time,
 * and a length in Go duration syntax, not negative, shorter than the period
 * (24 h daily, 7 days weekly). Pure: local time is the JavaScript Date's
 * (the process time zone, TZ). Error texts follow locksmith's
 * (`unable to parse start: invalid day of week "Xyz"`, …).
 */
import { parseGoDuration } from './duration.js';

export interface RebootWindow {
  /** 0 = Sunday … 6 = Saturday; undefined for a daily window. */
  readonly dayOfWeek: number | undefined;
  readonly hour: number;
  readonly minute: number;
  readonly lengthMs: number;
  /** The texts it was parsed from (for messages). */
  readonly start: string;
  readonly length: string;
}

export interface Period {
  readonly start: Date;
  readonly end: Date;
}

export type ParsedWindow =
  | { readonly ok: true; readonly window: RebootWindow }
  | { readonly ok: false; readonly message: string };

const DAYS: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const DAY_MS = 24 * 3_600_000;

export function parseWindow(start: string, length: string): ParsedWindow {
  const fail = (m: string): ParsedWindow => ({ ok: false, message: m });
  const fields = start.split(/\s+/).filter((f) => f !== '');
  let dayOfWeek: number | undefined;
  let time: string;
  if (fields.length === 1) time = fields[0] ?? '';
  else if (fields.length === 2) {
    const d = DAYS[(fields[0] ?? '').toLowerCase()];
    if (d === undefined) return fail(`unable to parse start: invalid day of week ${JSON.stringify(fields[0])}`);
    dayOfWeek = d;
    time = fields[1] ?? '';
  } else return fail('unable to parse start: wrong number of fields');

  const scanned = scanHourMinute(time);
  if (!scanned.ok)
    return fail(`unable to parse start: invalid time of day ${JSON.stringify(time)}: ${scanned.message}`);
  const { hour, minute } = scanned;
  if (hour < 0 || hour > 23)
    return fail(`unable to parse start: invalid time of day ${JSON.stringify(time)}: hour must be >= 0 and <= 23`);
  if (minute < 0 || minute > 59)
    return fail(`unable to parse start: invalid time of day ${JSON.stringify(time)}: minute must be >= 0 and <= 59`);

  const d = parseGoDuration(length);
  if (!d.ok) return fail(`unable to parse duration: ${d.message}`);
  if (d.ms < 0) return fail('duration cannot be negative');
  if ((dayOfWeek === undefined && d.ms >= DAY_MS) || d.ms >= 7 * DAY_MS) return fail('duration cannot exceed period');
  return { ok: true, window: { dayOfWeek, hour, minute, lengthMs: d.ms, start, length } };
}

/** Go's fmt.Sscanf(s, "%d:%d"): leading integers with optional sign; trailing text after the minute is ignored. */
function scanHourMinute(s: string): { ok: true; hour: number; minute: number } | { ok: false; message: string } {
  const int = /^[+-]?[0-9]+/;
  const h = int.exec(s);
  if (!h) return { ok: false, message: s === '' ? 'unexpected EOF' : 'expected integer' };
  let rest = s.slice(h[0].length);
  if (rest === '') return { ok: false, message: 'unexpected EOF' };
  if (rest[0] !== ':') return { ok: false, message: 'input does not match format' };
  rest = rest.slice(1);
  const m = int.exec(rest);
  if (!m) return { ok: false, message: rest === '' ? 'unexpected EOF' : 'expected integer' };
  return { ok: true, hour: Number(h[0]), minute: Number(m[0]) };
}

/** The window start on the day `ref` falls on, shifted by `days` (local time, normalised like Go's time.Date). */
function startShifted(w: RebootWindow, ref: Date, days: number): Date {
  return new Date(ref.getFullYear(), ref.getMonth(), ref.getDate() + days, w.hour, w.minute, 0, 0);
}

function period(w: RebootWindow, start: Date): Period {
  return { start, end: new Date(start.getTime() + w.lengthMs) };
}

/** The most recent window start at or before `ref`. */
export function previousWindow(w: RebootWindow, ref: Date): Period {
  if (w.dayOfWeek !== undefined) {
    const thisWeek = startShifted(w, ref, w.dayOfWeek - ref.getDay());
    if (ref.getTime() >= thisWeek.getTime()) return period(w, thisWeek);
    return period(w, startShifted(w, ref, -(ref.getDay() + (7 - w.dayOfWeek))));
  }
  const today = startShifted(w, ref, 0);
  return period(w, ref.getTime() >= today.getTime() ? today : startShifted(w, ref, -1));
}

/** The first window start after `ref` (strictly later, as locksmith's Next). */
export function nextWindow(w: RebootWindow, ref: Date): Period {
  if (w.dayOfWeek !== undefined) {
    const thisWeek = startShifted(w, ref, w.dayOfWeek - ref.getDay());
    if (ref.getTime() < thisWeek.getTime()) return period(w, thisWeek);
    return period(w, startShifted(w, ref, 7 - ref.getDay() + w.dayOfWeek));
  }
  const today = startShifted(w, ref, 0);
  return period(w, ref.getTime() < today.getTime() ? today : startShifted(w, ref, 1));
}

export type WindowCheck =
  | { readonly inside: true; readonly period: Period }
  | { readonly inside: false; readonly waitMs: number; readonly next: Period };

/** Inside when the previous window has not ended (its end included); else how long until the next one starts. */
export function checkWindow(w: RebootWindow, now: Date): WindowCheck {
  const prev = previousWindow(w, now);
  if (prev.end.getTime() >= now.getTime()) return { inside: true, period: prev };
  const next = nextWindow(w, now);
  return { inside: false, waitMs: next.start.getTime() - now.getTime(), next };
}
