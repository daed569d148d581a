/**
 * The bounds of a group's policy fields, one table for the API's schemas
 * (src/http/routes/update/schemas.ts) and the dashboard's policy form (web/),
 * which validates as the operator types. No imports: the web bundle takes it as it is.
 */
export const POLICY_BOUNDS = {
  timezone: { minLength: 1, maxLength: 64 },
  periodIntervalSeconds: { minimum: 1, maximum: 31_536_000 },
  maxUpdatesPerPeriod: { minimum: 1, maximum: 1_000_000 },
  updateTimeoutSeconds: { minimum: 1, maximum: 31_536_000 },
  stagedPercent: { minimum: 0, maximum: 100 },
  stagedDurationSeconds: { minimum: 1, maximum: 31_536_000 },
  autoHaltWindowSeconds: { minimum: 60, maximum: 31_536_000 },
  autoHaltThreshold: { minimum: 0, maximum: 1 },
  autoHaltMinSamples: { minimum: 1, maximum: 1_000_000 },
} as const;
