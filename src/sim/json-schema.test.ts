import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Policy } from '../http/routes/update/schemas.js';
import { parseYaml } from '../source/index.js';
import { POLICY } from './scenario-schema.js';
import { checkScenario, SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from './index.js';
import type { Node } from './shape.js';

test('docs/schema/hull-sim-scenario.json is up to date (npx tsx scripts/gen-sim-schema.ts)', () => {
  const file = readFileSync(new URL(`../../docs/schema/${SCENARIO_SCHEMA_FILE}`, import.meta.url), 'utf8');
  assert.equal(file, scenarioJsonSchemaText());
});

test('the JSON Schema closes every mapping and names the required keys', () => {
  const schema = JSON.parse(scenarioJsonSchemaText()) as Record<string, any>;
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(schema.required, ['scenario', 'duration', 'releases', 'server', 'fleet']);
  assert.deepEqual(schema.properties.server.properties.groups.items.required, ['name', 'channel']);
  assert.equal(schema.properties.events.items.properties.promote.additionalProperties, false);
});

// The scenario's policy is the server's: same field names, same bounds as its management API.
test("policy fields and bounds are the update server API's (src/http/routes/update/schemas.ts)", () => {
  const api = Policy as unknown as { properties: Record<string, any> };
  const ours = POLICY.fields;
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(api.properties).sort());
  const bounds = (n: Node): [number, number] | undefined => ('minimum' in n ? [n.minimum, n.maximum] : undefined);
  for (const key of ['periodIntervalSeconds', 'maxUpdatesPerPeriod', 'updateTimeoutSeconds']) {
    assert.deepEqual(bounds(ours[key]!.node), [api.properties[key].minimum, api.properties[key].maximum], key);
  }
  const apiHalt = api.properties.autoHalt.properties;
  const ourHalt = (ours.autoHalt!.node as { fields: Record<string, { node: Node }> }).fields;
  for (const key of ['windowSeconds', 'threshold', 'minSamples'])
    assert.deepEqual(bounds(ourHalt[key]!.node), [apiHalt[key].minimum, apiHalt[key].maximum], `autoHalt.${key}`);
  const apiStaged = api.properties.staged.properties;
  const ourStaged = (ours.staged!.node as { fields: Record<string, { node: Node }> }).fields;
  assert.deepEqual(bounds(ourStaged.percent!.node), [apiStaged.percent.minimum, apiStaged.percent.maximum]);
});

// The shipped JSON Schema, run by a real validator (Ajv, draft 2020-12), agrees with `hull sim check`:
// it accepts the examples, and rejects what the checker's shape pass rejects. References between
// parts (a release that does not exist, …) are beyond a JSON Schema: only the checker sees them.
test('the JSON Schema under Ajv accepts the examples and rejects the structural mistakes the checker rejects', () => {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(scenarioJsonSchemaText()));
  const dir = new URL('../../docs/sim/', import.meta.url);
  const examples = readdirSync(dir).filter((n) => n.endsWith('.yaml'));
  assert.ok(examples.length >= 4);
  for (const name of examples) {
    const value = parseYaml(readFileSync(new URL(name, dir), 'utf8')).value;
    assert.ok(validate(value), `${name}: ${JSON.stringify(validate.errors)}`);
  }
  const base = readFileSync(new URL('reboot-window-etcd-lock.yaml', dir), 'utf8');
  const structural: readonly [string, string][] = [
    ['seed: 11', 'seeed: 11'],
    ['max: 2', 'max: 0'],
    ['machines: 50', 'machines: fifty'],
    ['strategy: etcd-lock', 'strategy: etcd'],
    ['  - version: 3850.0.0', '  - version: 3850.0.x'],
    ['scenario: 1', 'scenario: 2'],
    ['      channel: stable', '      chanel: stable'],
    ['dropRate: 0.25', 'dropRate: 1.25'],
    ['maxUpdatesPerPeriod: 50', 'maxUpdatesPerPeriod: 0'],
  ];
  for (const [from, to] of structural) {
    assert.ok(base.includes(from), from);
    const text = base.replace(from, to);
    assert.equal(validate(parseYaml(text).value), false, `the schema rejects ${to}`);
    assert.equal(checkScenario(text).plan, undefined, `the checker rejects ${to}`);
  }
  const reference = base.replace('promote: { release: 3850.0.0', 'promote: { release: 3900.0.0');
  assert.equal(validate(parseYaml(reference).value), true, 'a JSON Schema cannot see references');
  assert.equal(checkScenario(reference).report.issues[0]?.code, 'SIM_UNKNOWN_RELEASE');
});
