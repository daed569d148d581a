import type { Dialect, DialectId } from './dialect.js';
import { IGNITION_DIALECT } from './ignition-dialect.js';
import { BUTANE_DIALECT } from './butane-dialect.js';
import { CT_DIALECT } from './ct-dialect.js';

/** Every dialect of the playground, in picker order. */
export const DIALECTS: Readonly<Record<DialectId, Dialect>> = {
  ct: CT_DIALECT,
  butane: BUTANE_DIALECT,
  ignition: IGNITION_DIALECT,
};
