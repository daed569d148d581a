/**
 * Go's time.ParseDuration, in milliseconds (fractions below 1 ms are kept as
 * fractions). Accepts `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with units ns, us,
 * µs, μs, ms, s, m, h, and a bare `0`; errors carry Go's texts. Pure.
 */

const UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export type ParsedDuration =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly message: string };

const MAX_MS = 2 ** 63 / 1e6; // Go's max Duration (int64 ns: 2^63 - 1, the same double)

export function parseGoDuration(text: string): ParsedDuration {
  const bad = (): ParsedDuration => ({ ok: false, message: `time: invalid duration ${goQuote(text)}` });
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ms: 0 };
  if (s === '') return bad();
  let total = 0;
  while (s !== '') {
    const num = /^([0-9]*)(?:\.([0-9]*))?/.exec(s);
    const whole = num?.[1] ?? '';
    const frac = num?.[2];
    if (whole === '' && (frac === undefined || frac === '')) return bad();
    s = s.slice(num?.[0].length ?? 0);
    const unitMatch = /^[^0-9.]*/.exec(s);
    const unit = unitMatch?.[0] ?? '';
    if (unit === '') return { ok: false, message: `time: missing unit in duration ${goQuote(text)}` };
    const factor = UNITS[unit];
    if (factor === undefined)
      return { ok: false, message: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}` };
    s = s.slice(unit.length);
    total += Number(`${whole === '' ? '0' : whole}.${frac ?? ''}0`) * factor;
    if (total > MAX_MS) return bad();
  }
  return { ok: true, ms: neg ? -total : total };
}

/** Go's strconv.Quote for the printable ASCII texts durations are made of. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's Duration.String for whole seconds and above (`1h30m0s`, `45s`, `0s`); ms below a second as `250ms`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = rest / 1000;
  const secText = `${Number.isInteger(sec) ? sec : sec.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${sign}${h}h${m}m${secText}`;
  if (m > 0) return `${sign}${m}m${secText}`;
  return `${sign}${secText}`;
}
