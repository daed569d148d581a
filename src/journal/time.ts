/**
 * Wall-clock parts of a timestamp in a time zone, for journalctl's formats.
 * Pure: the zone is given (undefined = the runtime's default zone, which Node
 * takes from TZ); computed with Intl, so no tz database of our own.
 */
export interface LocalTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
  /** Offset from UTC in seconds (east positive). */
  offset: number;
  /** The zone's abbreviation as Intl names it (UTC, EST, GMT+1...). */
  zoneName: string;
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      timeZoneName: 'short',
    });
    cache.set(key, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const weekdayName = (d: number): string => WEEKDAYS[d]!;

/** `seconds` since the epoch in `timeZone` ('UTC' for journalctl --utc). */
export function localTime(seconds: number, timeZone: string | undefined): LocalTime {
  const parts = formatter(timeZone).formatToParts(new Date(seconds * 1000));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  const year = Number(get('year'));
  const month = Number(get('month'));
  const day = Number(get('day'));
  const hour = Number(get('hour'));
  const minute = Number(get('minute'));
  const second = Number(get('second'));
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  const weekday = WEEKDAYS.indexOf(get('weekday'));
  return { year, month, day, hour, minute, second, weekday, offset: asUtc - seconds, zoneName: get('timeZoneName') };
}

export const pad = (n: number | bigint, w: number): string => String(n).padStart(w, '0');
