import type { Report } from '../../core/index.js';
import { toJsonIssues, type JsonIssue } from '../../source/index.js';
import type { TranslationRules } from '../../ignition/index.js';

/** The dialects the playground offers; every one has a slot in the registry. */
export const DIALECT_IDS = ['ct', 'butane', 'ignition'] as const;
export type DialectId = (typeof DIALECT_IDS)[number];

export const isDialectId = (s: unknown): s is DialectId =>
  typeof s === 'string' && (DIALECT_IDS as readonly string[]).includes(s);

/** A checked request: the dialect is one of DIALECT_IDS, the target one of its `targets`. */
export interface PlaygroundRequest {
  readonly dialect: DialectId;
  /** The Ignition version to emit (full X.Y.Z, one of the dialect's `targets`); absent: what the dialect emits by itself. */
  readonly target?: string | undefined;
  readonly source: string;
  /** For spec 2.x input translated to a 3.x target: the rule set (`flatcar`, the default, or `coreos`; docs/ignition.md). */
  readonly rules?: TranslationRules | undefined;
}

export interface PlaygroundResult {
  /** The Ignition config as pretty JSON (ending in a newline), or null when there is an error. */
  readonly output: string | null;
  /** Every issue, with line:column in the source where known (`source` JSON shape). */
  readonly issues: readonly JsonIssue[];
}

export interface Example {
  readonly name: string;
  readonly source: string;
}

/** One registry slot: what the UI shows for a dialect and how it runs. */
export interface Dialect {
  readonly id: DialectId;
  /** The picker's label. */
  readonly label: string;
  /** One sentence under the picker: where the version comes from, what it emits. */
  readonly note: string;
  /** Editor language. */
  readonly language: 'yaml' | 'json';
  /** Ignition versions the target picker offers (full X.Y.Z); empty: no picker. */
  readonly targets: readonly string[];
  /** Label of the picker's "no target" choice (what the dialect emits by itself). */
  readonly defaultTargetLabel: string;
  readonly examples: readonly Example[];
  /**
   * For dialects whose source names its own variant and version (Butane): the
   * choices the page offers to write into the source (`variant:`/`version:`).
   */
  readonly sourceVersions?: readonly { readonly variant: string; readonly version: string }[];
  /** Runs the transpiler; `target` is already checked against `targets`. Never throws for bad input. */
  run(
    source: string,
    target: string | undefined,
    options?: { readonly rules?: TranslationRules | undefined },
  ): PlaygroundResult;
}

/** The result shape from an output text and a correlated report: no output when the report has an error. */
export function resultOf(output: string | undefined, report: Report): PlaygroundResult {
  return { output: report.isFatal() || output === undefined ? null : output, issues: toJsonIssues(report) };
}
