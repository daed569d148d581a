/**
 * Spec 2.x → 3.0.0, following coreos/ign-converter (translate/v23tov30):
 * its refusals become issues with a code and the JSON path of the offending
 * entry; its mapping rules are applied to the decoded 2.3 config. Older 2.x
 * configs are first upgraded in memory (2.0 → 2.1 → 2.2 → 2.3), as
 * Ignition's own 2.x translators did. Pure.
 */
import { issue, Report } from '../../../core/index.js';
import type { TranslateV23ToV30Options, TranslateV23ToV30Result } from './options.js';
import { translateV23ToV30 } from './to-v30.js';
import { type Any2x, upgradeV2xToV23 } from './upgrade-to-v23.js';

export {
  TRANSLATION_RULES,
  type TranslationRules,
  type TranslateV23ToV30Options,
  type TranslateV23ToV30Result,
} from './options.js';
export { upgradeV2xToV23 } from './upgrade-to-v23.js';
export { translateV23ToV30 } from './to-v30.js';
export { applyV24Extras } from './v24-extras.js';
export { parseFsMap, type FsMapProblem } from './fs-map.js';

/** upgradeV2xToV23 then translateV23ToV30: any decoded 2.0–2.3 config to 3.0.0. */
export function translateV2xToV30(
  cfg: Any2x,
  fsMap: Record<string, string>,
  opts: TranslateV23ToV30Options = {},
): TranslateV23ToV30Result {
  const up = upgradeV2xToV23(cfg);
  if (up === undefined) {
    return {
      report: new Report([
        issue('error', 'IGN_VERSION_UNSUPPORTED', ['ignition', 'version'], 'unsupported config version'),
      ]),
    };
  }
  return translateV23ToV30(up, fsMap, opts);
}

export { up1to20, v1PathOf, v1FilesystemName } from './from-v1.js';
