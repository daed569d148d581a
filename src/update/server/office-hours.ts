/**
 * Nebraska's office hours (update.md §2.3 step 7): Monday to Friday, 09:00 to
 * 16:59, in the group's IANA time zone. Uses Intl, so it knows daylight saving.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
    } catch {
      return undefined;
    }
    if (formatters.size > 512) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is a zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  return formatter(timeZone) !== undefined;
}

/** Whether `now` falls within office hours in `timeZone`; an unknown zone counts as UTC. */
export function isOfficeHours(now: Date, timeZone: string): boolean {
  const f = formatter(timeZone) ?? formatter('UTC')!;
  let weekday = '';
  let hour = -1;
  for (const part of f.formatToParts(now)) {
    if (part.type === 'weekday') weekday = part.value;
    if (part.type === 'hour') hour = Number(part.value);
  }
  return weekday !== 'Sat' && weekday !== 'Sun' && hour >= 9 && hour <= 16;
}
