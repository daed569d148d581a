/**
 * Regenerates the expected outputs of the ct golden corpus
 * (test/fixtures/ct/<case>/expected.stdout, expected.stderr, expected.exit)
 * by running the reference ct (flatcar ct v0.9.4) on each case.
 *
 * Usage: CT_BIN=/path/to/ct npx tsx test/interop/record-ct.ts [case...]
 *
 * A case is a folder with `input.yaml` and optionally `args` (one line of
 * extra flags, e.g. `-pretty -platform ec2`) and `files/` (for -files-dir).
 * ct runs in the case folder as `ct -in-file input.yaml ARGS`. Review the
 * diff after recording: these files are what `npm test` compares Hull with.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseArgs, CT_FIXTURES, listCases } from '../ct/golden-cases.js';

const bin = process.env['CT_BIN'];
if (bin === undefined || bin === '' || !existsSync(bin)) {
  console.error('record-ct: set CT_BIN to the path of the reference ct binary (flatcar ct v0.9.4)');
  process.exit(2);
}
const only = process.argv.slice(2);
let n = 0;
for (const name of listCases()) {
  if (only.length > 0 && !only.includes(name)) continue;
  const dir = join(CT_FIXTURES, name);
  const r = spawnSync(bin, caseArgs(name), { cwd: dir, encoding: 'utf8', input: '' });
  writeFileSync(join(dir, 'expected.stdout'), r.stdout);
  writeFileSync(join(dir, 'expected.stderr'), r.stderr);
  writeFileSync(join(dir, 'expected.exit'), `${r.status}\n`);
  n++;
}
console.log(`recorded ${n} ct cases`);
