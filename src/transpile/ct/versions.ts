import { ETCD_2, ETCD_3_0, ETCD_3_1, ETCD_3_2, ETCD_3_3, ETCD_3_4, ETCD_3_5, FLANNEL_0_5, FLANNEL_0_6, FLANNEL_0_7, type OptionDef } from './option-sets.js';

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
  if (pre !== '' && !IDENT.test(pre)) return { error: `failed to validate pre-release: ${pre} is not a valid semver identifier` };
  if (meta !== '' && !IDENT.test(meta)) return { error: `failed to validate metadata: ${meta} is not a valid semver identifier` };
  const nums: number[] = [];
  for (const p of dot) {
    if (!/^[+-]?\d+$/.test(p)) return { error: `strconv.ParseInt: parsing ${JSON.stringify(p)}: invalid syntax` };
    const n = BigInt(p);
    if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) return { error: `strconv.ParseInt: parsing ${JSON.stringify(p)}: value out of range` };
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

/** ct: no version means 3.5.0's options; 2.3+ → etcd 2; 3.x by minor, 3.5 and later → 3.5. */
export function etcdOptionSet(v: Semver | undefined): readonly OptionDef[] {
  const { major, minor } = v ?? { major: 3, minor: 5 };
  if (major === 2 && minor >= 3) return ETCD_2;
  if (major === 3) return [ETCD_3_0, ETCD_3_1, ETCD_3_2, ETCD_3_3, ETCD_3_4][minor] ?? ETCD_3_5;
  return [];
}

/** ct: no version means 0.6.0's options; 0.7 and later minors → 0.7. */
export function flannelOptionSet(v: Semver | undefined): readonly OptionDef[] {
  const { major, minor } = v ?? { major: 0, minor: 6 };
  if (major !== 0) return [];
  if (minor >= 7) return FLANNEL_0_7;
  if (minor === 6) return FLANNEL_0_6;
  if (minor === 5) return FLANNEL_0_5;
  return [];
}
