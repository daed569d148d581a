/** Every Butane variant/version Hull translates (Butane 0.29's fcos and flatcar translators). */
import { spec as fcos1_0 } from './fcos/v1_0/index.js';
import { spec as fcos1_1 } from './fcos/v1_1/index.js';
import { spec as fcos1_2 } from './fcos/v1_2/index.js';
import { spec as fcos1_3 } from './fcos/v1_3/index.js';
import { spec as fcos1_4 } from './fcos/v1_4/index.js';
import { spec as fcos1_5 } from './fcos/v1_5/index.js';
import { spec as fcos1_6 } from './fcos/v1_6/index.js';
import { spec as fcos1_7 } from './fcos/v1_7/index.js';
import { spec as fcos1_8_exp } from './fcos/v1_8_exp/index.js';
import { spec as flatcar1_0 } from './flatcar/v1_0/index.js';
import { spec as flatcar1_1 } from './flatcar/v1_1/index.js';
import { spec as flatcar1_2_exp } from './flatcar/v1_2_exp/index.js';
import type { ButaneSpec } from './spec.js';

export const BUTANE_SPECS: readonly ButaneSpec[] = [
  fcos1_0,
  fcos1_1,
  fcos1_2,
  fcos1_3,
  fcos1_4,
  fcos1_5,
  fcos1_6,
  fcos1_7,
  fcos1_8_exp,
  flatcar1_0,
  flatcar1_1,
  flatcar1_2_exp,
];

/** The spec for a variant and a (semver-normalized) version string. */
export function findButaneSpec(variant: string, version: string): ButaneSpec | undefined {
  return BUTANE_SPECS.find((s) => s.variant === variant && s.version === version);
}
