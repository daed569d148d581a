/**
 * transpile/: YAML dialects (Container Linux Config, Butane) → Ignition JSON.
 * Pure; the only door into this area.
 */
export { TranslationSet, type Translation } from './translation-set.js';
