/** The CLI's documented exit codes (docs/cli.md). */
export const ExitCode = {
  OK: 0,
  /** The input has errors (or warnings under --strict). */
  INPUT: 1,
  /** The command line itself is wrong. */
  USAGE: 2,
  /** The program or its environment failed: files, devices, network, database, bugs. */
  ENVIRONMENT: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
