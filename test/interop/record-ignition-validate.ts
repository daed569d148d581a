/**
 * Regenerates test/fixtures/ignition/corpus/expected.json: for every
 * `*.ign` file in the corpus, what the reference tool says, i.e. the exit
 * code and stdout lines of `ignition-validate FILE` (Debian's Ignition 2.14;
 * stderr lines, such as `couldn't parse config: …`, kept under `stderr`).
 *
 * Usage: npx tsx test/interop/record-ignition-validate.ts
 *
 * Run it after adding or editing a corpus file and review the diff: the
 * interop test (test/interop/ignition-validate.test.ts) runs the real tool
 * live and also asserts that its output still equals this recording, so a
 * stale recording (or a different ignition-validate) shows up as drift.
 * Lines are stored sorted, because the tool prints unknown-key warnings in
 * a random order.
 */
import { writeFileSync } from 'node:fs';
import {
  EXPECTED_FILE,
  INSTALL_HINT,
  corpusFiles,
  ignitionValidatePresent,
  runIgnitionValidate,
  type Verdict,
} from './ignition-validate-corpus.js';

if (!ignitionValidatePresent()) {
  console.error(INSTALL_HINT);
  process.exit(2);
}
const out: Record<string, Verdict> = {};
// Lines sorted: ignition-validate prints unknown-key warnings in Go map order,
// which changes from run to run; the test compares sorted lines too.
for (const f of corpusFiles()) {
  const v = runIgnitionValidate(f);
  v.lines.sort();
  out[f] = v;
}
writeFileSync(EXPECTED_FILE, JSON.stringify(out, null, 2) + '\n');
const n = Object.keys(out).length;
const bad = Object.values(out).filter((v) => v.exit !== 0).length;
console.log(`recorded ${n} configs (${bad} exit 1, ${n - bad} exit 0) into ${EXPECTED_FILE}`);
