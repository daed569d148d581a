/**
 * sim/: `hull sim`'s engine (docs/sim.md): the scenario file — its format
 * (scenario-schema.ts), the check (check.ts) and the plan (plan.ts) — and the
 * run: the virtual clock (virtual-clock.ts), the machines (machine.ts, the
 * real agent and reboot manager over ports), the run (run.ts), the timeline
 * (timeline.ts), the outcome, the expectations, the summary and the chart.
 * Pure over its ports (ports.ts).
 */
export { SIM_ISSUE_CODES, type SimIssueCode } from './codes.js';
export { checkScenario, DEFAULT_START, type ScenarioResult } from './check.js';
export { parseSimDuration, parseIsoDuration, type DurationResult } from './duration.js';
export type * from './plan.js';
export { SCENARIO_SCHEMA, MAX_MACHINES } from './scenario-schema.js';
export { toJsonSchema } from './shape.js';
export { planSummary, actionText } from './summary.js';
export { scenarioJsonSchemaText, SCENARIO_SCHEMA_FILE } from './json-schema.js';
export { VirtualClock } from './virtual-clock.js';
export { sleepOn, type SimClock, type SimTimer } from './sim-clock.js';
export { runScenario, versionTaken, PAYLOAD_FILENAME, type RunOptions, type RunProgress, type SimRun } from './run.js';
export { fleetOf, groupCounts } from './fleet.js';
export { REBOOT_MS, BOOT_FAIL_MS, UNHEALTHY_RESET_MS, type MachineSpec } from './machine.js';
export { timelineJson, type Timeline, type TimelineRecord, type SimMachine } from './timeline.js';
export { outcomeOf, type Outcome, type MachineEnd, type Segment, type Phase } from './outcome.js';
export { evaluateExpect, type ExpectResult } from './expect.js';
export { summaryText } from './report.js';
export { chartHtml } from './chart.js';
export { relText, atText } from './time-text.js';
export type { SimIo, HttpPort, HttpRequest, HttpAnswer, BuiltPayload } from './ports.js';
export { deriveSeed, mulberry32 } from './rng.js';
