/** transpile/playground: the config playground's dialects, examples, key help and its one entry point per pipeline. */
export { transpile, resolveTarget } from './transpile.js';
export { readTranspileRequest, runTranspileJob, type TranspileJobResult } from './request.js';
export { DIALECTS } from './registry.js';
export { keysAt, type KeyInfo, type KeyPath, type KeysAnswer } from './keys.js';
export {
  DIALECT_IDS,
  isDialectId,
  type Dialect,
  type DialectId,
  type Example,
  type PlaygroundRequest,
  type PlaygroundResult,
} from './dialect.js';
