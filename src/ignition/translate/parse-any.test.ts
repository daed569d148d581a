import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAnyVersion } from '../parse-any.js';

test('a 3.x config is validated with its own rules and comes back as 3.6.0', () => {
  const r = parseAnyVersion('{"ignition":{"version":"3.2.0"},"storage":{"files":[{"path":"/a","mode":2541}]},"x":1}');
  assert.equal(r.version, '3.2.0');
  assert.equal(r.config?.ignition.version, '3.6.0');
  assert.equal(r.config!.storage.files[0]!.mode, 493);
  // the input's warnings stay, with line:col
  assert.deepEqual(
    r.report.issues.map((i) => [i.code, i.path.join('.'), i.range?.start.line]),
    [
      ['IGN_MODE_SPECIAL_BITS', 'storage.files.0.mode', 1],
      ['IGN_UNUSED_KEY', 'x', 1],
    ],
  );
});

test('a 3.6 config is returned as decoded', () => {
  const r = parseAnyVersion('{"ignition":{"version":"3.6.0"},"storage":{"files":[{"path":"/a","mode":2541}]}}');
  assert.equal(r.config!.storage.files[0]!.mode, 2541);
  assert.deepEqual(r.report.issues, []);
});

test('errors: no config, the report says why', () => {
  for (const text of [
    '',
    '{',
    '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"a"}]}}',
    '{"ignition":{"version":"9.0.0"}}',
    '{}',
  ]) {
    const r = parseAnyVersion(text);
    assert.equal(r.config, undefined, text);
    assert.ok(r.report.isFatal(), text);
  }
  assert.deepEqual(
    parseAnyVersion('{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"a"}]}}').report.issues.map(
      (i) => i.code,
    ),
    ['IGN_PATH_NOT_ABSOLUTE'],
  );
});

test('2.x configs: upgraded to 2.3, translated to 3.0 with the filesystem map and a rule set, then up to 3.6', () => {
  const text =
    '{"ignition":{"version":"2.3.0"},"storage":{"filesystems":[{"name":"var","mount":{"device":"/dev/sdb","format":"xfs"}}],' +
    '"files":[{"filesystem":"var","path":"/a","mode":420,"contents":{"source":"data:,x"}}]}}';
  const r = parseAnyVersion(text, { fsMap: { var: '/var' } });
  assert.equal(r.version, '2.3.0');
  assert.deepEqual(r.report.issues, []);
  assert.equal(r.config?.ignition.version, '3.6.0');
  assert.equal(r.config!.storage.files[0]!.path, '/var/a');
  assert.equal(r.config!.storage.filesystems[0]!.path, '/var');
  // without the map, rules flatcar (the default): mounted where flatcar/ign-converter generates a path
  assert.equal(parseAnyVersion(text).config!.storage.files[0]!.path, '/tmp/var-ign1/a');
  // rules coreos: ign-converter's refusal, placed in the input text
  const refused = parseAnyVersion(text, { rules: 'coreos' });
  assert.equal(refused.config, undefined);
  assert.deepEqual(
    refused.report.issues.map((i) => [i.code, i.path.join('.'), i.range?.start.line]),
    [
      ['IGN_TRANSLATE_FILESYSTEM_UNMAPPED', 'storage.filesystems.0.name', 1],
      ['IGN_TRANSLATE_FILESYSTEM_UNMAPPED', 'storage.files.0.filesystem', 1],
    ],
  );
});

test('with a target, a 2.x config goes up to it directly: special mode bits are kept below 3.6', () => {
  const text = '{"ignition":{"version":"2.3.0"},"storage":{"files":[{"filesystem":"root","path":"/s","mode":1023}]}}';
  for (const target of ['3.0.0', '3.3.0', '3.5.0'] as const) {
    const r = parseAnyVersion(text, { target });
    assert.equal(r.configVersion, target);
    assert.equal(r.config!.storage.files[0]!.mode, 1023, target);
  }
  // to 3.6 (provisioning), current Ignition masks them when translating 3.5 → 3.6
  assert.equal(parseAnyVersion(text).config!.storage.files[0]!.mode, 511);
});
