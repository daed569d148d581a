import type { Issue, Report } from '../core/index.js';
import type { ObjectNode } from './schema/index.js';

/** One spec version: its version string, its schema, and its semantic rules over a decoded config. */
export interface SpecVersion<C = unknown> {
  readonly version: string;
  readonly schema: ObjectNode;
  validate(cfg: C): Report;
  /** How this version reports unused keys, when not as 3.x does (the 2.x specs). */
  reportUnused?(cfg: C, unused: readonly Issue[]): Issue[];
}

/** A spec version of any config type: for lists and lookups across versions, each entry keeps its own type. */
// biome-ignore lint/suspicious/noExplicitAny: SpecVersion's parameter is invariant (decode and validate both use it); a list of versions needs any
export type AnySpecVersion = SpecVersion<any>;
