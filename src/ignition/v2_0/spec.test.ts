import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decode, toJsonSchema } from '../schema/index.js';
import { schema, spec, validate, type Config } from './index.js';

describe('spec 2.0.0', () => {
  test('version and JSON Schema', () => {
    assert.equal(spec.version, '2.0.0');
    const js = toJsonSchema(schema) as Record<string, unknown>;
    assert.equal(typeof js, 'object');
  });
  test('2.0 layout: files with user/group {id}, no directories or links; enable only', () => {
    const r = decode(
      schema,
      JSON.parse(
        '{"ignition":{"version":"2.0.0"},"storage":{"files":[{"filesystem":"root","path":"/a","user":{"id":5}}]},"systemd":{"units":[{"name":"a.service","enabled":true}]}}',
      ),
      undefined,
    );
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.unused.map((i) => i.path),
      [['systemd', 'units', 0, 'enabled']],
    );
    const cfg: Config = r.value;
    assert.deepEqual(cfg.storage.files[0]!.user, { id: 5 });
    assert.equal(cfg.storage.files[0]!.mode, 0);
    assert.deepEqual(validate(cfg).issues, []);
  });
});
