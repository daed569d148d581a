import { parseSemver } from '../go/index.js';
import { spec as v3_0 } from './v3_0/index.js';
import { spec as v3_1 } from './v3_1/index.js';
import { spec as v3_2 } from './v3_2/index.js';
import { spec as v3_3 } from './v3_3/index.js';
import { spec as v3_4 } from './v3_4/index.js';
import { spec as v3_5 } from './v3_5/index.js';
import { spec as v3_6 } from './v3_6/index.js';
import { spec as v2_0 } from './v2_0/index.js';
import { spec as v2_1 } from './v2_1/index.js';
import { spec as v2_2 } from './v2_2/index.js';
import { spec as v2_3 } from './v2_3/index.js';
import { spec as v2_4 } from './v2_4/index.js';
import { spec as v1 } from './v1/index.js';
import type { AnySpecVersion } from './spec-version.js';

/** The 3.x spec versions, oldest first: what validateConfigText accepts by default (2.x: SPEC_VERSIONS_2X). */
export const SPEC_VERSIONS: readonly AnySpecVersion[] = [v3_0, v3_1, v3_2, v3_3, v3_4, v3_5, v3_6];

/** The spec version a version string selects: equal as a semantic version, as Ignition compares. */
export function findSpecVersion(
  version: string,
  among: readonly AnySpecVersion[] = SPEC_VERSIONS,
): AnySpecVersion | undefined {
  // Spec 1 is named '1' (its `ignitionVersion`); validateConfigText selects it by that key, never by ignition.version.
  if (version === SPEC_1.version) return among.find((s) => s === SPEC_1);
  const v = parseSemver(version);
  if (v === undefined || v.pre !== '' || v.meta !== '') return undefined;
  return among.find((s) => {
    if (s === SPEC_1) return false;
    const w = parseSemver(s.version)!;
    return w.major === v.major && w.minor === v.minor && w.patch === v.patch;
  });
}

/**
 * The 2.x spec versions (Ignition v0.35.0's rules), oldest first. Each is its
 * own spec (a 2.2.0 config gets 2.2's rules). Not in SPEC_VERSIONS: the
 * default of validateConfigText and `hull ignition validate` stays what
 * ignition-validate (Ignition 2.x releases) accepts, 3.x only.
 */
export const SPEC_VERSIONS_2X: readonly AnySpecVersion[] = [v2_0, v2_1, v2_2, v2_3, v2_4];

/** Spec 1 (`"ignitionVersion": 1`), which Ignition 0.x upgrades to 2.0 (version '1' here). */
export const SPEC_1: AnySpecVersion = v1;

/** Every spec version Hull knows: spec 1, 2.0.0 to 2.4.0, 3.0.0 to 3.6.0 (what --accept-v2 accepts). */
export const ALL_SPEC_VERSIONS: readonly AnySpecVersion[] = [SPEC_1, ...SPEC_VERSIONS_2X, ...SPEC_VERSIONS];
