/**
 * transpile/: YAML dialects (Container Linux Config, Butane) → Ignition JSON.
 * Pure; the only door into this area.
 */
export { TranslationSet, type Translation } from './translation-set.js';
export * as butane from './butane/index.js';
export { makeDataUrl, dataUrlEscape, base64Encode, type DataUrl, type GzipFn } from './data-url.js';
