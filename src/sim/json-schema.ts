/** The scenario format's JSON Schema file, docs/schema/hull-sim-scenario.json (scripts/gen-sim-schema.ts writes it). */
import { SCENARIO_SCHEMA } from './scenario-schema.js';
import { toJsonSchema } from './shape.js';

export const SCENARIO_SCHEMA_FILE = 'hull-sim-scenario.json';

export function scenarioJsonSchemaText(): string {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://hull.invalid/schema/hull-sim-scenario.json',
    title: 'hull sim scenario, format 1',
    ...toJsonSchema(SCENARIO_SCHEMA),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
