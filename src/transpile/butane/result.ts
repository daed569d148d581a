import type { Range, Report } from '../../core/index.js';
import type { SourceIndex } from '../../source/index.js';
import type { TranslationSet } from '../translation-set.js';
import type { ButaneIssueCode } from './codes.js';
import type { ButanePorts } from './ports.js';
import type { ButaneSpec } from './spec.js';

export interface ButaneOptions {
  readonly pretty?: boolean;
  readonly ports?: ButanePorts;
  /** Beyond Butane: write this older 3.x spec (down-translation refuses what it lacks). */
  readonly ignitionVersion?: string;
}

/** Why the run failed: Butane's `Error translating config: <reason>`. */
export interface ButaneFailure {
  readonly code: ButaneIssueCode;
  readonly reason: string;
  /** Where in the YAML, when the failure has a place (a YAML syntax error, a duplicate key). */
  readonly range?: Range;
}

export interface ButaneResult {
  /** The Ignition JSON (no final newline), when the run succeeded. */
  readonly output: string | undefined;
  readonly config: unknown | undefined;
  /** Butane's report entries, correlated to line:column of the YAML. */
  readonly report: Report;
  readonly failure: ButaneFailure | undefined;
  readonly translations: TranslationSet | undefined;
  readonly spec: ButaneSpec | undefined;
  readonly index: SourceIndex;
}
