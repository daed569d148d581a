/**
 * Versions as the update service compares them: Flatcar's `MAJOR.MINOR.PATCH`
 * (`3815.2.0`), read as semver (update.md §2.3 compares with semver): numeric
 * dot components, an optional `-prerelease` that sorts before the release, and
 * `+build` metadata that does not count. More or fewer than three numeric
 * components are accepted (`0.0.0.0` is what a client that never updated says
 * as its previous version); missing components count as 0.
 */

export interface ParsedVersion {
  readonly numbers: readonly number[];
  readonly prerelease: readonly (number | string)[];
}

const NUMERIC = /^(0|[1-9]\d*)$/;
const IDENT = /^[0-9A-Za-z-]+$/;

/** The parsed version, or undefined when `text` is not a version. */
export function parseVersion(text: string): ParsedVersion | undefined {
  if (text.length === 0 || text.length > 128) return undefined;
  const plus = text.indexOf('+');
  const core = plus >= 0 ? text.slice(0, plus) : text;
  if (
    plus >= 0 &&
    !text
      .slice(plus + 1)
      .split('.')
      .every((p) => IDENT.test(p))
  )
    return undefined;
  const dash = core.indexOf('-');
  const main = dash >= 0 ? core.slice(0, dash) : core;
  const parts = main.split('.');
  if (parts.length > 8 || !parts.every((p) => NUMERIC.test(p) && p.length <= 15)) return undefined;
  const prerelease: (number | string)[] = [];
  if (dash >= 0) {
    for (const id of core.slice(dash + 1).split('.')) {
      if (!IDENT.test(id)) return undefined;
      prerelease.push(/^\d+$/.test(id) ? (NUMERIC.test(id) && id.length <= 15 ? Number(id) : id) : id);
    }
  }
  return { numbers: parts.map(Number), prerelease };
}

export function isVersion(text: string): boolean {
  return parseVersion(text) !== undefined;
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`. Invalid versions sort first. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  const n = Math.max(pa.numbers.length, pb.numbers.length);
  for (let i = 0; i < n; i++) {
    const d = (pa.numbers[i] ?? 0) - (pb.numbers[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return comparePrerelease(pa.prerelease, pb.prerelease);
}

function comparePrerelease(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  if (a.length === 0 || b.length === 0) return (a.length === 0 ? 1 : 0) - (b.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y);
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}
