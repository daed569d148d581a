import type { SpecVersion } from './spec-version.js';
import { spec as v3_0 } from './v3_0/index.js';
import { spec as v3_1 } from './v3_1/index.js';
import { spec as v3_2 } from './v3_2/index.js';
import { spec as v3_3 } from './v3_3/index.js';
import { spec as v3_4 } from './v3_4/index.js';
import { spec as v3_5 } from './v3_5/index.js';
import { spec as v3_6 } from './v3_6/index.js';

/** Every spec version Hull validates, oldest first. 2.x joins this list later. */
export const SPEC_VERSIONS: readonly SpecVersion<any>[] = [v3_0, v3_1, v3_2, v3_3, v3_4, v3_5, v3_6]; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A semantic version as coreos/go-semver parses it, or undefined. */
export function parseSemver(v: string): { major: number; minor: number; patch: number; pre: string; meta: string } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(v);
  if (m === null) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '', meta: m[5] ?? '' };
}

/** The spec version a version string selects: equal as a semantic version, as Ignition compares. */
export function findSpecVersion(version: string): SpecVersion<any> | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any
  const v = parseSemver(version);
  if (v === undefined || v.pre !== '' || v.meta !== '') return undefined;
  return SPEC_VERSIONS.find((s) => {
    const w = parseSemver(s.version)!;
    return w.major === v.major && w.minor === v.minor && w.patch === v.patch;
  });
}
