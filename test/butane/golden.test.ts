/**
 * Hull against butane 0.29.0 on the golden corpus (test/fixtures/butane):
 * the same exit code, the same stdout (gzip data URLs compared by what they
 * decompress to), and the same stderr: byte for byte, except for the YAML
 * syntax error texts (libyaml's wording and line; Hull's come from
 * the `yaml` package), where only the prefix is compared, and the order
 * of several unknown keys in one mapping (Go map order in Butane). Needs
 * `node scripts/build.mjs`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runHull } from '../helpers/hull.js';
import { expected, goldenCases, normalizeGzip, normalizeUnusedOrder } from './golden-cases.js';

const cases = goldenCases();

test('the golden corpus has at least 40 cases', () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
});

/** The report entries of a stderr text: header lines and raw lines, without message bodies that differ by design. */
function yamlErrorLine(stderr: string): string {
  return stderr.replace(/(Error unmarshaling yaml: yaml: ).*/, '$1…');
}

for (const c of cases) {
  test(`golden ${c.name}`, () => {
    const want = expected(c);
    const got = runHull(['butane', ...c.args], { cwd: c.dir, ...(c.stdin === undefined ? {} : { input: c.stdin }) });
    assert.equal(got.status, want.status, `exit code\n${got.stderr}`);
    assert.equal(normalizeGzip(got.stdout), normalizeGzip(want.stdout), 'stdout');
    if (c.name.startsWith('yaml-')) assert.equal(yamlErrorLine(got.stderr), yamlErrorLine(want.stderr), 'stderr');
    else assert.equal(normalizeUnusedOrder(got.stderr), normalizeUnusedOrder(want.stderr), 'stderr');
  });
}
