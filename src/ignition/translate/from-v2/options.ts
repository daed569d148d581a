import type { Report } from '../../../core/index.js';
import type * as v3_0 from '../../v3_0/index.js';

/**
 * Which real translator the 2.x rules reproduce (docs/ignition.md): `flatcar` is
 * flatcar/ign-converter (3c9f504), what Flatcar's Ignition runs at boot; `coreos` is
 * coreos/ign-converter (2f77307), refusals included.
 */
export type TranslationRules = 'flatcar' | 'coreos';
export const TRANSLATION_RULES: readonly TranslationRules[] = ['flatcar', 'coreos'];

export interface TranslateV23ToV30Options {
  /** Default `coreos` (this low-level function); parseAnyVersion and translateConfigText default to `flatcar`. */
  readonly rules?: TranslationRules;
  /**
   * The fork merges units of one name (v24tov31, used for targets 3.1 and newer) but refuses
   * them in v23tov30 (target 3.0). True: merge (only with `flatcar`).
   */
  readonly mergeUnits?: boolean;
}

export interface TranslateV23ToV30Result {
  /** The 3.0.0 config, when nothing was refused. */
  readonly config?: v3_0.Config;
  /** The refusals (errors), or the input's or output's validation issues. */
  readonly report: Report;
}
