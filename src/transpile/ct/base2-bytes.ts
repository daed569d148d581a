const MiB = 1024 * 1024;

function unitMap(suffix: string): Map<string, number> {
  const m = new Map<string, number>([
    ['B', 1],
    [`K${suffix}`, 1024],
  ]);
  ['M', 'G', 'T', 'P', 'E'].forEach((p, i) => m.set(p + suffix, 1024 ** (i + 2)));
  return m;
}
const NEW = unitMap('iB');
const OLD = unitMap('B');

/** alecthomas/units ParseUnit: `[-+]?([0-9]*(\.[0-9]*)?unit)+` or "0". */
function parseUnit(
  orig: string,
  units: Map<string, number>,
): { ok: true; value: number } | { ok: false; error: string } {
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, value: 0 };
  if (s === '') return { ok: false, error: `units: invalid ${orig}` };
  let f = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) return { ok: false, error: `units: invalid ${orig}` };
    const pre = m[1]!;
    const post = m[2];
    if (pre.length > 18) return { ok: false, error: `units: invalid ${orig}` };
    if (pre === '' && (post === undefined || post === '')) return { ok: false, error: `units: invalid ${orig}` };
    let g = pre === '' ? 0 : Number(pre);
    if (post !== undefined && post !== '') g += Number(post) / 10 ** post.length;
    s = s.slice(m[0].length);
    const u = /^[^.0-9]*/.exec(s)![0];
    s = s.slice(u.length);
    const scale = units.get(u);
    if (scale === undefined) return { ok: false, error: `units: unknown unit ${u} in ${orig}` };
    f += g * scale;
  }
  if (neg) f = -f;
  if (f < -(2 ** 63) || f > 2 ** 63 - 1) return { ok: false, error: 'units: overflow parsing unit' };
  return { ok: true, value: Math.trunc(f) };
}

/** ct's partition size/start: '' → unset; else whole MiB, or ct's error text. */
export function partitionDimension(s: string): { ok: true; mib: number | undefined } | { ok: false; error: string } {
  if (s === '') return { ok: true, mib: undefined };
  let r = parseUnit(s, NEW);
  if (!r.ok) r = parseUnit(s, OLD);
  if (!r.ok) return r;
  if (r.value < 0) return { ok: false, error: `invalid dimension (negative): ${JSON.stringify(s)}` };
  if (r.value % MiB !== 0) return { ok: false, error: 'invalid dimension (finest granularity is 1MiB)' };
  return { ok: true, mib: r.value / MiB };
}
