/**
 * ignition/: the Ignition config specs (1, 2.0 to 2.4, 3.0 to 3.6): schemas, decoding,
 * semantic rules, validation of config text. Pure; the only door into this area.
 */
export { IGNITION_ISSUE_CODES, type IgnitionIssueCode } from './codes.js';
export { validateConfigText, type ValidateResult } from './validate.js';
export { mergeConfigs, entryKey, type MergePlacement, type MergeSide } from './merge.js';
export { ignitionValidateView, type IgnitionValidateView } from './validate-output.js';
export { SPEC_VERSIONS, findSpecVersion } from './versions.js';
export type { AnySpecVersion, SpecVersion } from './spec-version.js';
export * as schema from './schema/index.js';
export * as v3_0 from './v3_0/index.js';
export * as v3_1 from './v3_1/index.js';
export * as v3_2 from './v3_2/index.js';
export * as v3_3 from './v3_3/index.js';
export * as v3_4 from './v3_4/index.js';
export * as v3_5 from './v3_5/index.js';
export * as v3_6 from './v3_6/index.js';
export {
  parseAnyVersion,
  upgradeValidated,
  type ParseAnyOptions,
  type ParseAnyResult,
  type ValidatedConfig,
} from './parse-any.js';
export * as translate from './translate/index.js';
export {
  translateConfig,
  marshalConfig,
  marshalConverterOutput,
  parseTargetVersion,
  TRANSLATE_VERSIONS,
  type TranslateVersion,
  type TranslateResult,
} from './translate/index.js';
export { translateConfigText, translateValidated, type TranslateTextResult } from './translate/text.js';
export { SPEC_VERSIONS_2X, ALL_SPEC_VERSIONS, SPEC_1 } from './versions.js';
export type { ValidateOptions } from './validate.js';
export * as v1 from './v1/index.js';
export * as v2_0 from './v2_0/index.js';
export * as v2_1 from './v2_1/index.js';
export * as v2_2 from './v2_2/index.js';
export * as v2_3 from './v2_3/index.js';
export * as v2_4 from './v2_4/index.js';
export {
  translateV23ToV30,
  translateV2xToV30,
  upgradeV2xToV23,
  parseFsMap,
  TRANSLATION_RULES,
  type TranslateV23ToV30Result,
  type TranslateV23ToV30Options,
  type TranslationRules,
} from './translate/from-v2/index.js';
