import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runHull } from '../helpers/hull.js';
import { hullInProcess } from '../helpers/in-process.js';
import { caseArgs, CT_FIXTURES, expected, listCases } from './golden-cases.js';

// The ct golden corpus: each case's expected stdout, stderr and exit code
// were recorded from the real ct v0.9.4 (test/interop/record-ct.ts) and
// reviewed; `hull ct` must give the same bytes. The CLI runs in process
// (main with a context whose cwd is the case folder); a sample of cases also
// runs through the built binary.

const BINARY_SAMPLE = new Set([
  'files-inline',
  'platform-openstack-metadata',
  'type-error',
  'files-local',
  'in-file-missing',
  'strict-warning',
]);

const cases = listCases();

test('the ct golden corpus has at least 40 cases', () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
});

for (const name of cases) {
  test(`hull ct: ${name}`, async () => {
    const want = expected(name);
    const cwd = join(CT_FIXTURES, name);
    const got = BINARY_SAMPLE.has(name)
      ? runHull(['ct', ...caseArgs(name)], { cwd })
      : await hullInProcess(['ct', ...caseArgs(name)], cwd);
    assert.equal(got.stdout, want.stdout, 'stdout');
    if (want.compare === 'entries')
      assert.deepEqual(entries(got.stderr), entries(want.stderr), 'stderr entries (severity, line, column)');
    else assert.equal(got.stderr, want.stderr, 'stderr');
    assert.equal(got.status, want.exit, 'exit code');
  });
}

/** ct's report entries as (kind, line, column), for cases whose message texts differ by design. */
function entries(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /^(error|warning|info|deprecated)( at line \d+, column \d+$|: )/.test(l))
    .map((l) => l.replace(/^(\w+)(: .*)$/, '$1'));
}
