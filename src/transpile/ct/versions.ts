import type { Semver } from '../../go/index.js';
import {
  ETCD_2,
  ETCD_3_0,
  ETCD_3_1,
  ETCD_3_2,
  ETCD_3_3,
  ETCD_3_4,
  ETCD_3_5,
  FLANNEL_0_5,
  FLANNEL_0_6,
  FLANNEL_0_7,
  type OptionDef,
} from './option-sets.js';

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
