import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decode, toJsonSchema } from '../schema/index.js';
import { schema, spec, validate, type Config } from './index.js';

describe('spec 2.1.0', () => {
  test('version and JSON Schema', () => {
    assert.equal(spec.version, '2.1.0');
    const js = toJsonSchema(schema) as Record<string, unknown>;
    assert.equal(typeof js, 'object');
  });
  test('2.1: plain mode (absent is 0, no warning), no append/overwrite', () => {
    const r = decode(
      schema,
      JSON.parse('{"ignition":{"version":"2.1.0"},"storage":{"files":[{"filesystem":"root","path":"/a"}]}}'),
      undefined,
    );
    const cfg: Config = r.value;
    assert.equal(cfg.storage.files[0]!.mode, 0);
    assert.deepEqual(validate(cfg).issues, []);
    assert.ok(!('append' in schema.fields.storage.fields.files.items.fields));
  });
});
