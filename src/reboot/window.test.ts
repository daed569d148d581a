import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGoDuration, parseGoDuration } from './duration.js';
import { checkWindow, nextWindow, parseWindow, type RebootWindow } from './window.js';

// Local-time dates: the tests hold in any time zone without DST changes on these days.
const at = (y: number, mo: number, d: number, h: number, mi: number, s = 0): Date => new Date(y, mo - 1, d, h, mi, s);
const win = (start: string, length: string): RebootWindow => {
  const r = parseWindow(start, length);
  if (!r.ok) throw new Error(r.message);
  return r.window;
};
const show = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

test('Go durations', () => {
  const ok: Array<[string, number]> = [
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['90m', 5_400_000],
    ['45s', 45_000],
    ['0', 0],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['+2m', 120_000],
    ['-1s', -1000],
    ['.5s', 500],
  ];
  for (const [t, ms] of ok) assert.deepEqual(parseGoDuration(t), { ok: true, ms }, t);
  const bad: Array<[string, string]> = [
    ['', 'time: invalid duration ""'],
    ['1', 'time: missing unit in duration "1"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['h', 'time: invalid duration "h"'],
    ['1h-1m', 'time: unknown unit "h-" in duration "1h-1m"'],
  ];
  for (const [t, m] of bad) assert.deepEqual(parseGoDuration(t), { ok: false, message: m }, t);
  assert.equal(formatGoDuration(5_400_000), '1h30m0s');
  assert.equal(formatGoDuration(45_000), '45s');
});

test("windows: bad values are refused with locksmith's texts", () => {
  const bad: Array<[string, string, string]> = [
    ['Xyz 10:00', '1h', 'unable to parse start: invalid day of week "Xyz"'],
    ['mon tue 10:00', '1h', 'unable to parse start: wrong number of fields'],
    ['24:00', '1h', 'unable to parse start: invalid time of day "24:00": hour must be >= 0 and <= 23'],
    ['10:60', '1h', 'unable to parse start: invalid time of day "10:60": minute must be >= 0 and <= 59'],
    ['10', '1h', 'unable to parse start: invalid time of day "10": unexpected EOF'],
    ['ab:cd', '1h', 'unable to parse start: invalid time of day "ab:cd": expected integer'],
    ['10-30', '1h', 'unable to parse start: invalid time of day "10-30": input does not match format'],
    ['10:00', '1d', 'unable to parse duration: time: unknown unit "d" in duration "1d"'],
    ['10:00', '-1h', 'duration cannot be negative'],
    ['10:00', '24h', 'duration cannot exceed period'],
    ['Mon 10:00', '168h', 'duration cannot exceed period'],
  ];
  for (const [s, l, m] of bad) assert.deepEqual(parseWindow(s, l), { ok: false, message: m }, `${s} ${l}`);
  assert.equal(win('thu 23:00', '1h30m').dayOfWeek, 4);
  assert.equal(win('SUN 0:5', '0s').minute, 5);
  assert.equal(win('Mon 10:00', '167h').lengthMs, 167 * 3_600_000);
});

test('windows: inside, outside and the next window (daily, weekly, across midnight and the week end)', () => {
  // 2025-01-01 is a Wednesday.
  const cases: Array<[string, string, string, Date, string]> = [
    ['daily before start', '10:00', '1h', at(2025, 1, 1, 9, 0), 'wait 60m → 2025-01-01 10:00'],
    ['daily at start', '10:00', '1h', at(2025, 1, 1, 10, 0), 'inside 2025-01-01 10:00'],
    ['daily at end (included)', '10:00', '1h', at(2025, 1, 1, 11, 0), 'inside 2025-01-01 10:00'],
    ['daily just after', '10:00', '1h', at(2025, 1, 1, 11, 1), 'wait 1379m → 2025-01-02 10:00'],
    ['daily across midnight, before midnight', '23:30', '1h', at(2025, 1, 1, 23, 45), 'inside 2025-01-01 23:30'],
    ['daily across midnight, after midnight', '23:30', '1h', at(2025, 1, 2, 0, 15), 'inside 2025-01-01 23:30'],
    ['daily across midnight, after the end', '23:30', '1h', at(2025, 1, 2, 0, 31), 'wait 1379m → 2025-01-02 23:30'],
    ['daily across the month end', '01:00', '30m', at(2025, 1, 31, 2, 0), 'wait 1380m → 2025-02-01 01:00'],
    ['weekly Thu 23:00 1h30m, inside Friday', 'Thu 23:00', '1h30m', at(2025, 1, 3, 0, 15), 'inside 2025-01-02 23:00'],
    ['weekly Thu, on Wednesday', 'Thu 23:00', '1h30m', at(2025, 1, 1, 12, 0), 'wait 2100m → 2025-01-02 23:00'],
    ['weekly Thu, after the end', 'thu 23:00', '1h30m', at(2025, 1, 3, 0, 31), 'wait 9989m → 2025-01-09 23:00'],
    [
      'weekly Sat 23:00 2h, across the week end (Sunday)',
      'Sat 23:00',
      '2h',
      at(2025, 1, 5, 0, 30),
      'inside 2025-01-04 23:00',
    ],
    ['weekly Sun 01:00, on Saturday', 'sun 01:00', '1h', at(2025, 1, 4, 23, 0), 'wait 120m → 2025-01-05 01:00'],
    [
      'weekly Sun 01:00, on Sunday after the end',
      'Sun 01:00',
      '1h',
      at(2025, 1, 5, 2, 1),
      'wait 10019m → 2025-01-12 01:00',
    ],
    ['weekly across the year end', 'Wed 03:00', '1h', at(2024, 12, 31, 12, 0), 'wait 900m → 2025-01-01 03:00'],
  ];
  for (const [name, start, length, now, want] of cases) {
    const c = checkWindow(win(start, length), now);
    const got = c.inside ? `inside ${show(c.period.start)}` : `wait ${c.waitMs / 60_000}m → ${show(c.next.start)}`;
    assert.equal(got, want, name);
  }
  // Next is strictly after now, even at a start.
  assert.equal(show(nextWindow(win('10:00', '1h'), at(2025, 1, 1, 10, 0)).start), '2025-01-02 10:00');
});
