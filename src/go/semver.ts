/** A semantic version as coreos/go-semver reads it (X.Y.Z, optional -pre and +meta). */
export interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly pre: string;
  readonly meta: string;
}

export function parseSemver(s: string): Semver | undefined {
  const r = parseGoSemver(s);
  return 'error' in r ? undefined : r.version;
}

const IDENT = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;

/** coreos/go-semver's Version.Set, with its error texts. */
export function parseGoSemver(input: string): { version: Semver } | { error: string } {
  let v = input;
  let meta = '';
  let pre = '';
  const plus = v.indexOf('+');
  if (plus >= 0) [v, meta] = [v.slice(0, plus), v.slice(plus + 1)];
  const dash = v.indexOf('-');
  if (dash >= 0) [v, pre] = [v.slice(0, dash), v.slice(dash + 1)];
  const parts = v.split('.');
  const dot = parts.length < 3 ? parts : [parts[0]!, parts[1]!, parts.slice(2).join('.')];
  if (dot.length !== 3) return { error: `${v} is not in dotted-tri format` };
  if (pre !== '' && !IDENT.test(pre))
    return { error: `failed to validate pre-release: ${pre} is not a valid semver identifier` };
  if (meta !== '' && !IDENT.test(meta))
    return { error: `failed to validate metadata: ${meta} is not a valid semver identifier` };
  const nums: number[] = [];
  for (const p of dot) {
    if (!/^[+-]?\d+$/.test(p)) return { error: `strconv.ParseInt: parsing ${JSON.stringify(p)}: invalid syntax` };
    const n = BigInt(p);
    if (n > 2n ** 63n - 1n || n < -(2n ** 63n))
      return { error: `strconv.ParseInt: parsing ${JSON.stringify(p)}: value out of range` };
    nums.push(Number(n));
  }
  return { version: { major: nums[0]!, minor: nums[1]!, patch: nums[2]!, pre, meta } };
}

export function semverString(v: Semver): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}${v.meta ? `+${v.meta}` : ''}`;
}

/** go-semver's LessThan (pre-releases sort before the release). */
export function semverLess(a: Semver, b: Semver): boolean {
  if (a.major !== b.major) return a.major < b.major;
  if (a.minor !== b.minor) return a.minor < b.minor;
  if (a.patch !== b.patch) return a.patch < b.patch;
  if (a.pre === b.pre) return false;
  if (a.pre === '') return false;
  if (b.pre === '') return true;
  return a.pre < b.pre;
}

/**
 * A version as Butane accepts it, normalized (String()): `MAJOR.MINOR.PATCH[-pre][+meta]`
 * with no leading zeros in the numbers or in numeric pre-release identifiers
 * (stricter than `parseGoSemver`: Butane's recorded behaviour rejects `01.1.0`).
 */
const STRICT =
  /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function normalizeSemverStrict(v: string): string | undefined {
  const m = STRICT.exec(v);
  if (m === null) return undefined;
  if (m[4]?.split('.').some((p) => /^0[0-9]+$/.test(p))) return undefined;
  let out = `${m[1]}.${m[2]}.${m[3]}`;
  if (m[4] !== undefined) out += `-${m[4]}`;
  if (m[5] !== undefined) out += `+${m[5]}`;
  return out;
}
