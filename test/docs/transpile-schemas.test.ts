import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseYaml } from '../../src/source/index.js';
import { butane, butaneSchemaFileName, CLC_SCHEMA_FILE, transpileSchemaFiles } from '../../src/transpile/index.js';
import { expected as butaneExpected, goldenCases } from '../butane/golden-cases.js';
import { CT_FIXTURES, expected as ctExpected, listCases } from '../ct/golden-cases.js';
import { REPO } from '../helpers/hull.js';

// docs/schema's Butane and CLC schemas (editor support, issue 19): generated from the transpilers'
// own definitions, fresh, and accepting every golden-corpus input the reference tool accepted.
const SCHEMA_DIR = join(REPO, 'docs/schema');
const files = transpileSchemaFiles();
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validators = new Map([...files].map(([name, text]) => [name, ajv.compile(JSON.parse(text) as object)]));

test('docs/schema/butane-*.json and clc.json are up to date (npx tsx scripts/gen-transpile-schemas.ts)', () => {
  for (const [name, text] of files) assert.equal(readFileSync(join(SCHEMA_DIR, name), 'utf8'), text, name);
  const onDisk = readdirSync(SCHEMA_DIR)
    .filter((n) => n.startsWith('butane-') || n === CLC_SCHEMA_FILE)
    .sort();
  assert.deepEqual(onDisk, [...files.keys()].sort(), 'no stale schema files');
  assert.equal(files.size, butane.BUTANE_SPECS.length + 1, 'one per Butane variant/version, and the CLC');
});

test('every Butane golden input that butane 0.29 translated validates against its variant/version schema', () => {
  let checked = 0;
  for (const c of goldenCases()) {
    if (butaneExpected(c).status !== 0) continue;
    const parsed = parseYaml(c.input);
    // A document JSON cannot hold (an alias cycle butane never reaches) has no value to validate.
    if (parsed.report.isFatal()) continue;
    const value = parsed.value as { variant?: unknown; version?: unknown } | null;
    const spec = butane.findButaneSpec(String(value?.variant), String(value?.version));
    assert.ok(spec !== undefined, `${c.name}: a variant/version Hull supports`);
    const validate = validators.get(butaneSchemaFileName(spec))!;
    assert.ok(validate(value), `${c.name}: ${JSON.stringify(validate.errors)}`);
    checked++;
  }
  assert.ok(checked >= 50, `${checked} cases`);
});

test('every CLC golden input that ct 0.9.4 translated validates against clc.json', () => {
  const validate = validators.get(CLC_SCHEMA_FILE)!;
  let checked = 0;
  for (const name of listCases()) {
    if (ctExpected(name).exit !== 0) continue;
    const parsed = parseYaml(readFileSync(join(CT_FIXTURES, name, 'input.yaml'), 'utf8'));
    if (parsed.report.isFatal()) continue;
    const value = parsed.value ?? {};
    assert.ok(validate(value), `${name}: ${JSON.stringify(validate.errors)}`);
    checked++;
  }
  assert.ok(checked >= 50, `${checked} cases`);
});

test("the schemas catch type mistakes the transpilers refuse, and know each version's keys", () => {
  const fcos15 = validators.get('butane-fcos-1.5.0.json')!;
  assert.ok(fcos15({ variant: 'fcos', version: '1.5.0', storage: { files: [{ path: '/a', mode: 420 }] } }));
  assert.equal(fcos15({ variant: 'fcos', version: '1.5.0', storage: { files: [{ path: '/a', mode: 'x' }] } }), false);
  assert.equal(fcos15({ variant: 'flatcar', version: '1.5.0' }), false, "the variant is the schema's");
  assert.equal(fcos15({ version: '1.5.0' }), false, 'variant is required');
  const schema = (name: string) =>
    JSON.parse(files.get(name)!) as { properties: Record<string, { properties?: Record<string, unknown> }> };
  assert.ok(schema('butane-fcos-1.5.0.json').properties['grub'], 'fcos 1.5 has grub');
  assert.equal(schema('butane-fcos-1.4.0.json').properties['grub'], undefined, 'fcos 1.4 has none');
  assert.equal(schema('butane-flatcar-1.0.0.json').properties['boot_device'], undefined, 'flatcar has no boot_device');
  const clc = validators.get(CLC_SCHEMA_FILE)!;
  assert.ok(
    clc({ etcd: { version: '3.5.0', name: 'n', auto_compaction_retention: '1h' }, flannel: { kube_subnet_mgr: true } }),
  );
  assert.ok(
    clc({ systemd: { units: [{ name: 'a.service', enable: 'yes', mask: 'off' }] } }),
    'YAML 1.1 booleans, as go-yaml decodes them into bool fields',
  );
  assert.equal(clc({ systemd: { units: [{ name: 'a.service', enable: 'maybe' }] } }), false);
  assert.equal(clc({ storage: { files: [{ path: '/a', mode: 'x' }] } }), false);
  assert.equal(clc({ passwd: { groups: [{ name: 'g', gid: -1 }] } }), false, 'gid is unsigned');
});
