/** Issue codes of the playground facade (src/transpile/playground.ts); listed in docs/errors.md. */
export const PLAYGROUND_ISSUE_CODES = {
  PLAYGROUND_DIALECT_UNKNOWN: 'The dialect is not one the playground knows (ct, butane, ignition).',
  PLAYGROUND_DIALECT_UNAVAILABLE: 'The dialect is known but its transpiler is not part of this build of Hull yet.',
  PLAYGROUND_TARGET_UNSUPPORTED: 'The target Ignition version is not one the dialect can emit.',
} as const;

export type PlaygroundIssueCode = keyof typeof PLAYGROUND_ISSUE_CODES;
