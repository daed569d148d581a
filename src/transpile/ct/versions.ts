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
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(s);
  if (m === null) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '', meta: m[5] ?? '' };
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
