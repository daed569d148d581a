// Writes docs/schema/hull-sim-scenario.json from src/sim's scenario format.
// src/sim/json-schema.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from '../src/sim/json-schema.js';

writeFileSync(join(import.meta.dirname, '..', 'docs', 'schema', SCENARIO_SCHEMA_FILE), scenarioJsonSchemaText());
