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
  /** The zone's abbreviation as the C library prints it for %Z (UTC, EST, IST, CET, +04). */
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
  const offset = asUtc - seconds;
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday,
    offset,
    zoneName: zoneAbbreviation(seconds, timeZone, get('timeZoneName'), offset),
  };
}

/** English locales whose short zone names together cover tzdata's abbreviations (EST, CET, IST, AEST...). */
const ABBREV_LOCALES = ['en-GB', 'en-IN', 'en-AU', 'en-NZ'];
const abbrevCache = new Map<string, Intl.DateTimeFormat>();

/**
 * tzdata's abbreviation: Intl's short name in en-US, else the first other
 * English locale that has a real one, else the numeric form tzdata uses for
 * zones without a name (+04, +0530, -03).
 */
function zoneAbbreviation(seconds: number, timeZone: string | undefined, usName: string, offset: number): string {
  const numericLike = (n: string): boolean => /^GMT[+-]/.test(n) || (n === 'GMT' && offset !== 0);
  if (!numericLike(usName))
    return usName === 'GMT' &&
      timeZone !== undefined &&
      /^(UTC|Etc\/UTC|Etc\/Universal|Universal|Zulu|Etc\/Zulu)$/.test(timeZone)
      ? 'UTC'
      : usName;
  for (const locale of ABBREV_LOCALES) {
    const key = `${locale} ${timeZone ?? ''}`;
    let f = abbrevCache.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
      abbrevCache.set(key, f);
    }
    const name = f.formatToParts(new Date(seconds * 1000)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (name !== '' && !numericLike(name) && /^[A-Z]{2,5}$/.test(name)) return name;
  }
  const a = Math.abs(offset);
  const hh = String(Math.floor(a / 3600)).padStart(2, '0');
  const mm = Math.floor((a % 3600) / 60);
  return `${offset < 0 ? '-' : '+'}${hh}${mm === 0 ? '' : String(mm).padStart(2, '0')}`;
}

export const pad = (n: number | bigint, w: number): string => String(n).padStart(w, '0');
