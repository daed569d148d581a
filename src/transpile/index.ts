/**
 * transpile/: YAML dialects (Container Linux Config, Butane) → Ignition JSON.
 * Pure; the only door into this area.
 */
export { TranslationSet, type Translation } from './translation-set.js';
export {
  transpile,
  resolveTarget,
  readTranspileRequest,
  runTranspileJob,
  DIALECTS,
  DIALECT_IDS,
  isDialectId,
  keysAt,
  type TranspileJobResult,
  type Dialect,
  type DialectId,
  type Example,
  type PlaygroundRequest,
  type PlaygroundResult,
  type KeyInfo,
  type KeyPath,
  type KeysAnswer,
} from './playground/index.js';
export * as butane from './butane/index.js';
export { makeDataUrl, dataUrlEscape, base64Encode, type DataUrl, type GzipFn } from './data-url.js';
export { goGzip } from './go-gzip/index.js';
export * as ct from './ct/index.js';
export {
  transpileCt,
  ctTo3x,
  ctLocalReader,
  CT_ISSUE_CODES,
  PLATFORMS_LIST,
  type CtOptions,
  type CtResult,
  type LocalReader,
} from './ct/index.js';
export type { FilesDir, LocalRead, TreeEntry, TreeRead } from './files-dir.js';
export {
  configToIgnition,
  detectDialect,
  isConfigDialect,
  CONFIG_DIALECTS,
  type ConfigDialect,
  type AnyConfigOptions,
  type AnyConfigResult,
} from './any-config.js';
export {
  transpileSchemaFiles,
  butaneJsonSchema,
  clcJsonSchema,
  butaneSchemaFileName,
  CLC_SCHEMA_FILE,
} from './json-schemas.js';
