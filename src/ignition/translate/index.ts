/**
 * Translation between Ignition spec 3.x versions: up (3.x → 3.(x+1), as
 * Ignition does), down (3.y → 3.x, refusing what the older spec lacks, as
 * ign-converter does), and the Go-compatible JSON output.
 */
import { Report } from '../../core/index.js';
import { findSpecVersion } from '../versions.js';
import { DOWN_STEPS, refusals } from './down.js';
import { upgrade } from './up.js';

export { up3_0to3_1, up3_1to3_2, up3_2to3_3, up3_3to3_4, up3_4to3_5, up3_5to3_6, maskSpecialBits } from './up.js';
export {
  down3_1to3_0,
  down3_2to3_1,
  down3_3to3_2,
  down3_4to3_3,
  down3_5to3_4,
  down3_6to3_5,
  refusals,
} from './down.js';
export { marshalConfig, marshalConverterOutput, goString, isEmptyField, type MarshalOptions } from './marshal.js';

/** The 3.x versions translation handles, oldest first. */
export const TRANSLATE_VERSIONS = ['3.0.0', '3.1.0', '3.2.0', '3.3.0', '3.4.0', '3.5.0', '3.6.0'] as const;
export type TranslateVersion = (typeof TRANSLATE_VERSIONS)[number];

/** `3.2.0` or `3.2` → '3.2.0'; anything else undefined. */
export function parseTargetVersion(s: string): TranslateVersion | undefined {
  const m = /^3\.([0-6])(\.0)?$/.exec(s);
  return m === null ? undefined : (`3.${m[1]}.0` as TranslateVersion);
}

const minorOf = (v: string): number => {
  const spec = findSpecVersion(v);
  const m = spec === undefined ? null : /^3\.(\d)\.0$/.exec(spec.version);
  if (m === null) throw new Error(`not a 3.x spec version Hull translates: ${v}`);
  return Number(m[1]);
};

export interface TranslateResult {
  /** The config of the target version, when nothing was refused. */
  readonly config: unknown | undefined;
  /** IGN_TRANSLATE_FIELD_UNSUPPORTED errors, one per refused field (empty on success). */
  readonly report: Report;
}

/**
 * Translates a decoded config of spec `from` to spec `to` (both 3.0.0 to
 * 3.6.0), step by step. Upwards it always succeeds. Downwards it refuses,
 * with one issue per place, any field or value the target lacks; then the
 * config is unchanged (undefined). The input is not modified.
 * The result is not validated again (Ignition does not either); see
 * `translateConfigText` for that.
 */
export function translateConfig(cfg: unknown, from: string, to: string): TranslateResult {
  const f = minorOf(from);
  const t = minorOf(to);
  let out: unknown = cfg;
  if (t >= f) {
    out = t === f ? structuredClone(cfg) : upgrade(cfg, f, t);
    return { config: out, report: Report.empty };
  }
  const refused = refusals(cfg, f, t);
  if (refused.length > 0) return { config: undefined, report: new Report(refused) };
  for (let m = f; m > t; m--) out = DOWN_STEPS[m - 1]!(out);
  return { config: out, report: Report.empty };
}
