/**
 * sim/: `hull sim`'s engine. This step: the scenario file — its format
 * (scenario-schema.ts), the check (check.ts) and the plan (plan.ts). Pure.
 */
export { SIM_ISSUE_CODES, type SimIssueCode } from './codes.js';
export { checkScenario, DEFAULT_START, type ScenarioResult } from './check.js';
export { parseSimDuration, parseIsoDuration, type DurationResult } from './duration.js';
export type * from './plan.js';
export { SCENARIO_SCHEMA, MAX_MACHINES } from './scenario-schema.js';
export { toJsonSchema } from './shape.js';
export { planSummary, actionText } from './summary.js';
export { scenarioJsonSchemaText, SCENARIO_SCHEMA_FILE } from './json-schema.js';
