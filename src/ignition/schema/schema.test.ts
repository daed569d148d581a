import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatPath } from '../../core/index.js';
import { parseJson } from '../../source/index.js';
import { array, decode, extend, type Infer, object, optInt, optString, string, toJsonSchema } from './index.js';
import { jsonSchemaFiles } from './json-schema-files.js';

const node = object('Node', { path: string(), mode: optInt(), tags: array(string('types.Tag')) });
type NodeT = Infer<typeof node>;
// Type-level check: the inferred type has the DSL's fields.
const typed: NodeT = { path: '/a', mode: undefined, tags: [] };
void typed;

function run(text: string) {
  const { value, index } = parseJson(text);
  return decode(node, value, index);
}

describe('schema DSL decoding', () => {
  test('types, zero values and null as encoding/json', () => {
    assert.deepEqual(run('{"path":null,"mode":null}').value, { path: '', mode: undefined, tags: [] });
    assert.deepEqual(run('{"path":"/x","mode":420,"tags":["a"]}').value, { path: '/x', mode: 420, tags: ['a'] });
  });

  test('wrong types are errors at the path, with Go-style messages', () => {
    const out = run('{"path":1,"mode":"x","tags":[true]}');
    assert.deepEqual(
      out.errors.map((i) => [i.code, formatPath(i.path)]),
      [
        ['IGN_TYPE_MISMATCH', '$.path'],
        ['IGN_TYPE_MISMATCH', '$.mode'],
        ['IGN_TYPE_MISMATCH', '$.tags.0'],
      ],
    );
    assert.equal(out.errors[0]!.message, 'json: cannot unmarshal number into Go struct field Node.path of type string');
  });

  test('ints must be integer literals', () => {
    for (const lit of ['1.0', '1e3', '9223372036854775808']) {
      assert.equal(run(`{"mode":${lit}}`).errors[0]?.code, 'IGN_TYPE_MISMATCH', lit);
    }
    assert.equal(run('{"mode":-1}').value.mode, -1);
  });

  test('unknown keys warn; a case-insensitive match is still used, as Go does', () => {
    const out = run('{"Path":"/x","bogus":1}');
    assert.equal(out.value.path, '/x');
    assert.deepEqual(
      out.unused.map((i) => [i.code, i.severity, formatPath(i.path), i.message]),
      [
        ['IGN_UNUSED_KEY', 'warning', '$.Path', 'Unused key Path'],
        ['IGN_UNUSED_KEY', 'warning', '$.bogus', 'Unused key bogus'],
      ],
    );
  });

  test('extend replaces in place and inserts new fields in Go field order', () => {
    const grown = extend(node, { label: optString(), mode: optString() });
    assert.deepEqual(Object.keys(grown.fields), ['label', 'path', 'mode', 'tags']);
    assert.equal(grown.fields.mode.target.kind, 'string');
  });
});

describe('JSON Schema export', () => {
  test('objects, pointers, arrays', () => {
    const s = toJsonSchema(node, { title: 't' });
    assert.equal(s['title'], 't');
    assert.equal(s['type'], 'object');
    const props = s['properties'] as Record<string, Record<string, unknown>>;
    assert.deepEqual(props['mode'], { type: ['integer', 'null'] });
    assert.deepEqual(props['tags'], { type: 'array', items: { type: 'string' } });
  });

  test('required fields follow the Go json tags without omitempty, per version', async () => {
    const { v3_0, v3_3 } = await import('../index.js');
    type Obj = { properties: Record<string, Obj & { items: Obj }>; required?: string[] };
    const raid = (s: unknown) => (s as Obj).properties['storage']!.properties['raid']!.items.required;
    assert.deepEqual(raid(toJsonSchema(v3_0.schema)), ['devices', 'level', 'name']);
    assert.deepEqual(raid(toJsonSchema(v3_3.schema)), ['name']);
    assert.deepEqual((toJsonSchema(v3_3.schema) as unknown as Obj).required, ['ignition']);
  });

  test('docs/schema/ignition-v1.json and ignition-vX_Y.json: one per spec 1, 2.0–2.4 and 3.0–3.6, fresh (regenerate: npx tsx scripts/gen-ignition-schemas.ts)', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'docs', 'schema');
    const files = jsonSchemaFiles();
    assert.deepEqual(
      readdirSync(dir)
        .filter((f) => f.startsWith('ignition-'))
        .sort(),
      [...files.keys()].sort(),
      'no ignition schema file missing, none left over (other areas keep theirs here too)',
    );
    assert.equal(files.size, 13);
    for (const [name, text] of files) {
      assert.equal(readFileSync(join(dir, name), 'utf8'), text, `${name} is stale`);
    }
  });

  test('the 2.x schemas carry the 2.x shapes: named filesystems, networkd, the 2.x version pattern', () => {
    type Obj = { properties: Record<string, Obj & { items: Obj }>; required?: string[] };
    const doc = JSON.parse(jsonSchemaFiles().get('ignition-v2_3.json')!) as Obj;
    const file = doc.properties['storage']!.properties['files']!.items;
    assert.ok(file.properties['filesystem'], 'files name their filesystem in 2.x');
    assert.ok(doc.properties['networkd'], '2.x has networkd');
    assert.ok(!doc.properties['kernelArguments'], 'kernelArguments came with 3.3');
    const v20 = JSON.parse(jsonSchemaFiles().get('ignition-v2_0.json')!) as Obj;
    assert.ok(!v20.properties['storage']!.properties['directories'], 'directories came with 2.1');
    const v1 = JSON.parse(jsonSchemaFiles().get('ignition-v1.json')!) as Obj;
    assert.ok(
      v1.properties['ignitionVersion'] && !v1.properties['ignition'],
      'spec 1 has ignitionVersion, no ignition section',
    );
    assert.ok(
      v1.properties['storage']!.properties['filesystems']!.items.properties['files'],
      'spec 1 files live in their filesystem',
    );
  });
});
