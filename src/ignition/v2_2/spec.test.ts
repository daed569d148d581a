import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decode, toJsonSchema } from '../schema/index.js';
import { schema, spec, validate, type Config } from './index.js';

describe('spec 2.2.0', () => {
  test('version and JSON Schema', () => {
    assert.equal(spec.version, '2.2.0');
    const js = toJsonSchema(schema) as Record<string, unknown>;
    assert.equal(typeof js, 'object');
  });
  test('2.2: pointer mode (absent warns), overwrite and append, sector partitions', () => {
    const r = decode(
      schema,
      JSON.parse(
        '{"ignition":{"version":"2.2.0"},"storage":{"files":[{"filesystem":"root","path":"/a","append":true}],"disks":[{"device":"/dev/sda","partitions":[{"number":1}]}]}}',
      ),
      undefined,
    );
    const cfg: Config = r.value;
    assert.equal(cfg.storage.files[0]!.mode, undefined);
    assert.equal(cfg.storage.disks[0]!.partitions[0]!.size, 0);
    assert.deepEqual(
      validate(cfg).issues.map((i) => i.code),
      ['IGN_PERMISSIONS_UNSET'],
    );
  });
});
