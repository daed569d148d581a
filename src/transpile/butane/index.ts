/** Butane (fcos 1.0–1.8-exp, flatcar 1.0–1.2-exp) → Ignition 3.x, as Butane 0.29 does it. */
export {
  transpileButane,
  schemaOf as butaneSchemaOf,
  type ButaneOptions,
  type ButaneResult,
  type ButaneFailure,
} from './transpile.js';
export { BUTANE_ISSUE_CODES, type ButaneIssueCode } from './codes.js';
export { butaneMessage } from './messages.js';
export { BUTANE_SPECS, findButaneSpec } from './variants.js';
export type { ButaneSpec } from './spec.js';
export type { ButanePorts, FilesDir, LocalRead, TreeEntry, TreeRead } from './ports.js';
export { unitNamePathEscape } from './systemd-escape.js';
export { checkForDecimalMode } from './decimal-mode.js';
export type { BNode } from './schema.js';
export { mapToButane } from './ignition-check.js';
export { correlateVisible } from './correlate-visible.js';
