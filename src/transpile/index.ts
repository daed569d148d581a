/**
 * transpile/: YAML dialects (Container Linux Config, Butane) → Ignition JSON.
 * Pure; the only door into this area.
 */
export { TranslationSet, type Translation } from './translation-set.js';
export * as ct from './ct/index.js';
export { transpileCt, CT_ISSUE_CODES, PLATFORMS_LIST, type CtOptions, type CtResult, type LocalReader } from './ct/index.js';
