/**
 * journalctl's time syntax for `-S/--since` and `-U/--until`: systemd 252's
 * parse_timestamp and parse_sec, written anew from their documented and
 * observed behaviour (differential rows in test/journal/query-flags.test.ts
 * were checked against journalctl 252):
 *
 * - `now`, `today`, `yesterday`, `tomorrow` (midnight in the zone);
 * - `+SPAN`, `-SPAN`, `SPAN ago`, `SPAN left` relative to now, where SPAN is
 *   numbers with units (`1h30min`, `1.5h`, `2 days`; no unit = seconds);
 * - `@SECONDS[.FRACTION]` since the epoch;
 * - `[WEEKDAY] [YY]YY-MM-DD [HH:MM[:SS[.FRACTION]]]` or `HH:MM[:SS[.FRACTION]]`
 *   (today), in the local zone, or followed by ` UTC` (any case) or a zone
 *   name (` Europe/Berlin`, ` CET`); a weekday that is not the date's is an
 *   error; out-of-range days roll over as mktime does (`2023-02-30` is 2 March).
 *
 * Not accepted, as in 252: `epoch`, ISO `T` separators, `Z` and `+01:00`
 * offsets, a zone after a relative time.
 */
import { AppError } from '../core/index.js';
import { localTime } from './time.js';

const USEC = 1_000_000n;

/** parse_time's unit table, in its order (the first prefix that matches wins: `ms` before `m`, `M` is months). */
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['seconds', 1e6],
  ['second', 1e6],
  ['sec', 1e6],
  ['s', 1e6],
  ['minutes', 60e6],
  ['minute', 60e6],
  ['min', 60e6],
  ['months', 2629800e6],
  ['month', 2629800e6],
  ['M', 2629800e6],
  ['msec', 1e3],
  ['ms', 1e3],
  ['m', 60e6],
  ['hours', 3600e6],
  ['hour', 3600e6],
  ['hr', 3600e6],
  ['h', 3600e6],
  ['days', 86400e6],
  ['day', 86400e6],
  ['d', 86400e6],
  ['weeks', 604800e6],
  ['week', 604800e6],
  ['w', 604800e6],
  ['years', 31557600e6],
  ['year', 31557600e6],
  ['y', 31557600e6],
  ['usec', 1],
  ['us', 1],
  ['µs', 1],
  ['μs', 1],
];

const invalid = (text: string): AppError =>
  new AppError('JOURNAL_TIME_INVALID', `Failed to parse timestamp: ${text}`, {
    hint: 'journalctl\'s syntax: "2023-11-14 22:13:20", "2023-11-14", "today", "yesterday", "now", "-1h", "+30min", "2h ago", "@1700000000", optionally followed by " UTC" or a zone name',
  });

/** A time span in µs (`1h30min`, `1.5h`, `90`), or undefined when it is not one. */
export function parseTimespan(text: string): bigint | undefined {
  let s = text.trim();
  if (s === '') return undefined;
  let total = 0n;
  while (s.length > 0) {
    const m = /^([0-9]+)(?:\.([0-9]*))?\s*/.exec(s);
    if (!m) return undefined;
    s = s.slice(m[0].length);
    const unit = UNITS.find(([name]) => s.startsWith(name));
    const mult = BigInt(unit ? unit[1] : 1e6);
    if (unit) s = s.slice(unit[0].length).replace(/^\s+/, '');
    total += BigInt(m[1]!) * mult;
    const frac = m[2] ?? '';
    if (frac !== '') total += (BigInt(frac) * mult) / 10n ** BigInt(frac.length);
  }
  return total;
}

const WEEKDAY_NAMES = [
  ['sunday', 'sun'],
  ['monday', 'mon'],
  ['tuesday', 'tue'],
  ['wednesday', 'wed'],
  ['thursday', 'thu'],
  ['friday', 'fri'],
  ['saturday', 'sat'],
];

function validZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Seconds since the epoch of a wall-clock time in the zone (mktime: the offset in force at that time). */
export function fromLocal(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  timeZone: string | undefined,
): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
  if (timeZone === 'UTC') return asUtc;
  let guess = asUtc - localTime(asUtc, timeZone).offset;
  guess = asUtc - localTime(guess, timeZone).offset;
  return guess;
}

function midnight(nowSec: number, daysAdd: number, timeZone: string | undefined): number {
  const l = localTime(nowSec, timeZone);
  return fromLocal(l.year, l.month, l.day + daysAdd, 0, 0, 0, timeZone);
}

const ABSOLUTE =
  /^\s*([0-9]{2}|[0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:\s+([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.([0-9]+))?)?)?$/;
const TIME_ONLY = /^\s*([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.([0-9]+))?)?$/;

const fraction = (digits: string | undefined): bigint => (digits ? BigInt(digits.slice(0, 6).padEnd(6, '0')) : 0n);

/**
 * A `-S`/`-U` value as µs since the epoch. `now` in µs; `timeZone` the local
 * zone (undefined: the runtime's, i.e. TZ). Throws JOURNAL_TIME_INVALID.
 */
export function parseTimestamp(text: string, now: bigint, timeZone?: string): bigint {
  const nowSec = Number(now / USEC);
  if (text === 'now') return now;
  if (text.startsWith('+') || text.startsWith('-')) {
    const span = parseTimespan(text.slice(1));
    if (span === undefined) throw invalid(text);
    return text.startsWith('+') ? now + span : now - span;
  }
  const rel = / (ago|left)$/.exec(text);
  if (rel) {
    const span = parseTimespan(text.slice(0, rel.index));
    if (span === undefined) throw invalid(text);
    return rel[1] === 'ago' ? now - span : now + span;
  }
  if (text.startsWith('@')) {
    const m = /^@([0-9]+)(?:\.([0-9]*))?$/.exec(text);
    if (!m) throw invalid(text);
    return BigInt(m[1]!) * USEC + fraction(m[2]);
  }
  let zone = timeZone;
  let t = text;
  const lastSpace = t.lastIndexOf(' ');
  if (lastSpace >= 0) {
    const tail = t.slice(lastSpace + 1);
    if (tail.toUpperCase() === 'UTC') {
      zone = 'UTC';
      t = t.slice(0, lastSpace);
    } else if (/[A-Za-z]/.test(tail) && validZone(tail)) {
      zone = tail;
      t = t.slice(0, lastSpace);
    }
  }
  if (t === 'today') return BigInt(midnight(nowSec, 0, zone)) * USEC;
  if (t === 'yesterday') return BigInt(midnight(nowSec, -1, zone)) * USEC;
  if (t === 'tomorrow') return BigInt(midnight(nowSec, 1, zone)) * USEC;
  let weekday: number | undefined;
  const wd = /^\s*([A-Za-z]+)\s+/.exec(t);
  if (wd) {
    const i = WEEKDAY_NAMES.findIndex((names) => names.includes(wd[1]!.toLowerCase()));
    if (i < 0) throw invalid(text);
    weekday = i;
    t = t.slice(wd[0].length);
  }
  let parts: [number, number, number, number, number, number, bigint];
  const a = ABSOLUTE.exec(t);
  if (a) {
    let year = Number(a[1]);
    if (a[1]!.length === 2) year += year < 69 ? 2000 : 1900;
    parts = [year, Number(a[2]), Number(a[3]), Number(a[4] ?? 0), Number(a[5] ?? 0), Number(a[6] ?? 0), fraction(a[7])];
  } else {
    const b = TIME_ONLY.exec(t);
    if (!b) throw invalid(text);
    const l = localTime(nowSec, zone);
    parts = [l.year, l.month, l.day, Number(b[1]), Number(b[2]), Number(b[3] ?? 0), fraction(b[4])];
  }
  const [y, mo, d, h, mi, s, us] = parts;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) throw invalid(text);
  const sec = fromLocal(y, mo, d, h, mi, s, zone);
  if (weekday !== undefined && localTime(sec, zone).weekday !== weekday) throw invalid(text);
  return BigInt(sec) * USEC + us;
}
