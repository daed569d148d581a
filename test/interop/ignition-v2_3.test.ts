/**
 * Spec 2.3.0 validation against Ignition's own 2.3 validator (v0.36.2, the one
 * ct 0.9.4 vendors): test/fixtures/ignition/v2_3-corpus.json holds configs and
 * what that validator reported (recorded by record-ignition-v2_3.ts). Hull must
 * give the same verdict and the same entries (kind and message) on every one.
 * Ignition's 2.x `deprecated` kind is a warning in Hull. One deliberate
 * difference (docs/ignition.md, issue 22): Ignition's walker warns
 * `Config has unrecognized key: tls` for every `ignition.security.tls`; Hull
 * does not, so that one recorded entry is set aside, for the cases listed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ALL_SPEC_VERSIONS, ignitionValidateView, validateConfigText } from '../../src/ignition/index.js';

interface Case {
  readonly config: string;
  readonly fatal: boolean;
  readonly entries: readonly string[];
}
const cases = JSON.parse(
  readFileSync(new URL('../fixtures/ignition/v2_3-corpus.json', import.meta.url), 'utf8'),
) as Case[];

test('the 2.3 corpus: ≥ 300 configs, hand-written and random, most with errors', () => {
  assert.ok(cases.length >= 300);
  assert.ok(cases.some((c) => !c.fatal) && cases.some((c) => c.fatal));
});

const TLS_WARNING = 'warning: Config has unrecognized key: tls';
const hasTls = (c: Case): boolean => {
  const sec = (JSON.parse(c.config) as { ignition?: { security?: unknown } }).ignition?.security;
  return typeof sec === 'object' && sec !== null && Object.hasOwn(sec, 'tls');
};

test('the deliberate difference: Ignition v0.36 warns that `tls` is unrecognized wherever it is written, Hull does not', () => {
  const withTls = cases.filter(hasTls);
  assert.ok(withTls.length >= 1);
  for (const c of withTls) {
    assert.equal(c.entries.filter((e) => e === TLS_WARNING).length, 1, c.config);
    const report = validateConfigText(c.config, { versions: ALL_SPEC_VERSIONS }).report;
    assert.ok(!report.issues.some((i) => i.message.endsWith('unrecognized key: tls')), c.config);
  }
  assert.ok(cases.filter((c) => !hasTls(c)).every((c) => !c.entries.includes(TLS_WARNING)));
});

test("Hull's 2.3 rules give Ignition v0.36's verdict and entries on every config of the corpus", () => {
  const drift: string[] = [];
  for (const c of cases) {
    const report = validateConfigText(c.config, { versions: ALL_SPEC_VERSIONS }).report;
    const ours = ignitionValidateView(report)
      .report.issues.map((i) => `${i.severity}: ${i.message}`)
      .sort();
    const recorded = hasTls(c) ? c.entries.filter((e) => e !== TLS_WARNING) : c.entries;
    const theirs = recorded.map((e) => e.replace(/^deprecated: /, 'warning: ')).sort();
    if (report.isFatal() !== c.fatal || JSON.stringify(ours) !== JSON.stringify(theirs)) {
      drift.push(
        `${c.config}\n  ignition: ${c.fatal ? 'invalid' : 'valid'} ${JSON.stringify(theirs)}\n  hull:     ${report.isFatal() ? 'invalid' : 'valid'} ${JSON.stringify(ours)}`,
      );
    }
  }
  assert.deepEqual(drift, [], `${drift.length} of ${cases.length} configs differ:\n${drift.join('\n')}`);
});
