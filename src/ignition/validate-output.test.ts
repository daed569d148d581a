import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ignitionValidateView } from './validate-output.js';
import { validateConfigText } from './validate.js';

const view = (text: string) => ignitionValidateView(validateConfigText(text).report);

test('a version ignition-validate cannot use is a stderr refusal and nothing else', () => {
  for (const [version, message] of [
    ['4.0.0', 'unsupported config version'],
    ['x', "invalid config version (couldn't parse)"],
  ]) {
    const v = view(`{"ignition":{"version":"${version}"},"storage":{"files":[{"path":"rel"}]}}`);
    assert.equal(v.parseError, `couldn't parse config: ${message}`, version);
    assert.deepEqual(v.report.issues, []);
  }
});

test('type and syntax errors keep line:col but lose the path; rule errors keep it', () => {
  const typed = view('{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"/a","mode":"420"}]}}');
  const mismatch = typed.report.issues.find((i) => i.code === 'IGN_TYPE_MISMATCH');
  assert.ok(mismatch?.range, 'the type error is there, with a position');
  assert.deepEqual(mismatch.path, []);
  const syntax = view('{"ignition":{"version":"3.0.0"}');
  assert.deepEqual(
    syntax.report.issues.map((i) => [i.code, i.path.length, Boolean(i.range)]),
    [['SRC_JSON_SYNTAX', 0, true]],
  );
  const rule = view('{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"rel"}]}}');
  assert.deepEqual(
    rule.report.issues.map((i) => i.path),
    [['storage', 'files', 0, 'path']],
  );
  assert.equal(rule.parseError, undefined);
});

test('several type errors: only the first in the document is shown, as Go returns only that one; -o json keeps all', () => {
  const text =
    '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":3},{"path":"/a","mode":"x"}]},"passwd":{"users":[{"name":1}]}}';
  const full = validateConfigText(text).report;
  assert.equal(full.issues.filter((i) => i.code === 'IGN_TYPE_MISMATCH').length, 3);
  const v = view(text);
  assert.equal(v.report.issues.length, 1);
  assert.equal(v.report.issues[0]!.range?.start.column, text.indexOf('3},') + 2);
  assert.match(v.report.issues[0]!.message, /File\.storage\.files\.path of type string/);
});
