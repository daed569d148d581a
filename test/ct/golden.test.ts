import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runHull } from '../helpers/hull.js';
import { caseArgs, CT_FIXTURES, expected, listCases } from './golden-cases.js';

// The ct golden corpus: each case's expected stdout, stderr and exit code
// were recorded from the real ct v0.9.4 (test/interop/record-ct.ts) and
// reviewed; `hull ct` must give the same bytes.

const cases = listCases();

test('the ct golden corpus has at least 40 cases', () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
});

for (const name of cases) {
  test(`hull ct: ${name}`, () => {
    const want = expected(name);
    const got = runHull(['ct', ...caseArgs(name)], { cwd: join(CT_FIXTURES, name) });
    assert.equal(got.stdout, want.stdout, 'stdout');
    if (want.compare === 'entries') assert.deepEqual(entries(got.stderr), entries(want.stderr), 'stderr entries (severity, line, column)');
    else assert.equal(got.stderr, want.stderr, 'stderr');
    assert.equal(got.status, want.exit, 'exit code');
  });
}

/** ct's report entries as (kind, line, column), for cases whose message texts differ by design. */
function entries(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^(error|warning|info|deprecated)( at line \d+, column \d+$|: )/.test(l))
    .map((l) => l.replace(/^(\w+)(: .*)$/, '$1'));
}
