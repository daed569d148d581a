import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Policy } from '../http/routes/update/schemas.js';
import { POLICY } from './scenario-schema.js';
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from './index.js';
import type { Node } from './shape.js';

test('docs/schema/hull-sim-scenario.json is up to date (npx tsx scripts/gen-sim-schema.ts)', () => {
  const file = readFileSync(new URL(`../../docs/schema/${SCENARIO_SCHEMA_FILE}`, import.meta.url), 'utf8');
  assert.equal(file, scenarioJsonSchemaText());
});

test('the JSON Schema closes every mapping and names the required keys', () => {
  const schema = JSON.parse(scenarioJsonSchemaText()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(schema.required, ['scenario', 'duration', 'releases', 'server', 'fleet']);
  assert.deepEqual(schema.properties.server.properties.groups.items.required, ['name', 'channel']);
  assert.equal(schema.properties.events.items.properties.promote.additionalProperties, false);
});

// The scenario's policy is the server's: same field names, same bounds as its management API.
test('policy fields and bounds are the update server API\'s (src/http/routes/update/schemas.ts)', () => {
  const api = Policy as unknown as { properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const ours = POLICY.fields;
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(api.properties).sort());
  const bounds = (n: Node): [number, number] | undefined => ('minimum' in n ? [n.minimum, n.maximum] : undefined);
  for (const key of ['periodIntervalSeconds', 'maxUpdatesPerPeriod', 'updateTimeoutSeconds']) {
    assert.deepEqual(bounds(ours[key]!.node), [api.properties[key].minimum, api.properties[key].maximum], key);
  }
  const apiHalt = api.properties.autoHalt.properties;
  const ourHalt = (ours.autoHalt!.node as { fields: Record<string, { node: Node }> }).fields;
  for (const key of ['windowSeconds', 'threshold', 'minSamples']) assert.deepEqual(bounds(ourHalt[key]!.node), [apiHalt[key].minimum, apiHalt[key].maximum], `autoHalt.${key}`);
  const apiStaged = api.properties.staged.properties;
  const ourStaged = (ours.staged!.node as { fields: Record<string, { node: Node }> }).fields;
  assert.deepEqual(bounds(ourStaged.percent!.node), [apiStaged.percent.minimum, apiStaged.percent.maximum]);
});
