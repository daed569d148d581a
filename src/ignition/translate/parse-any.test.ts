import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAnyVersion } from '../parse-any.js';

test('a 3.x config is validated with its own rules and comes back as 3.6.0', () => {
  const r = parseAnyVersion('{"ignition":{"version":"3.2.0"},"storage":{"files":[{"path":"/a","mode":2541}]},"x":1}');
  assert.equal(r.version, '3.2.0');
  assert.equal(r.config?.ignition.version, '3.6.0');
  assert.equal(r.config?.storage.files[0]!.mode, 493);
  // the input's warnings stay, with line:col
  assert.deepEqual(r.report.issues.map((i) => [i.code, i.path.join('.'), i.range?.start.line]), [
    ['IGN_MODE_SPECIAL_BITS', 'storage.files.0.mode', 1],
    ['IGN_UNUSED_KEY', 'x', 1],
  ]);
});

test('a 3.6 config is returned as decoded', () => {
  const r = parseAnyVersion('{"ignition":{"version":"3.6.0"},"storage":{"files":[{"path":"/a","mode":2541}]}}');
  assert.equal(r.config?.storage.files[0]!.mode, 2541);
  assert.deepEqual(r.report.issues, []);
});

test('errors: no config, the report says why', () => {
  for (const text of ['', '{', '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"a"}]}}', '{"ignition":{"version":"9.0.0"}}', '{}']) {
    const r = parseAnyVersion(text);
    assert.equal(r.config, undefined, text);
    assert.ok(r.report.isFatal(), text);
  }
  assert.deepEqual(parseAnyVersion('{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"a"}]}}').report.issues.map((i) => i.code), ['IGN_PATH_NOT_ABSOLUTE']);
});

test('2.x configs: upgraded to 2.3, translated to 3.0 with the filesystem map, then up to 3.6', () => {
  const text =
    '{"ignition":{"version":"2.3.0"},"storage":{"filesystems":[{"name":"var","mount":{"device":"/dev/sdb","format":"xfs"}}],' +
    '"files":[{"filesystem":"var","path":"/a","mode":420,"contents":{"source":"data:,x"}}]}}';
  const r = parseAnyVersion(text, { fsMap: { var: '/var' } });
  assert.equal(r.version, '2.3.0');
  assert.deepEqual(r.report.issues, []);
  assert.equal(r.config?.ignition.version, '3.6.0');
  assert.equal(r.config?.storage.files[0]!.path, '/var/a');
  assert.equal(r.config?.storage.filesystems[0]!.path, '/var');
  // without the map: ign-converter's refusal, placed in the input text
  const refused = parseAnyVersion(text);
  assert.equal(refused.config, undefined);
  assert.deepEqual(refused.report.issues.map((i) => [i.code, i.path.join('.'), i.range?.start.line]), [
    ['IGN_TRANSLATE_FILESYSTEM_UNMAPPED', 'storage.filesystems.0.name', 1],
    ['IGN_TRANSLATE_FILESYSTEM_UNMAPPED', 'storage.files.0.filesystem', 1],
  ]);
});
