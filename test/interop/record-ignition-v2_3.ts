/**
 * Records test/fixtures/ignition/v2_3-corpus.json: spec 2.3.0 configs (hand-written
 * ones, then random ones from a fixed seed) with what Ignition v0.36.2's 2.3
 * validator (the one ct 0.9.4 vendors) reports for each: the verdict and every
 * entry's kind and message. test/interop/ignition-v2_3.test.ts compares Hull.
 *
 * Usage: IGN23_VALIDATE_BIN=/path/to/validator npx tsx test/interop/record-ignition-v2_3.ts
 * The validator reads a config on stdin and prints its report entries as a
 * JSON array ({kind, message, line, column}); exit 1 when one is an error.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { v2ConfigArbitrary } from '../ignition/v2-config-arbitrary.js';
import { HAND_WRITTEN } from './ignition-v2_3-cases.js';

const bin = process.env['IGN23_VALIDATE_BIN'];
if (!bin) {
  process.stderr.write(
    'IGN23_VALIDATE_BIN is not set: point it at a validator built from Ignition v0.36.2 config/validate (see the header)\n',
  );
  process.exit(2);
}

const config = v2ConfigArbitrary(fc.constant('2.3.0'));
const random = fc.sample(config, { numRuns: 300, seed: 2323 }).map((c) => JSON.stringify(c));
const cases = [...HAND_WRITTEN, ...random].map((text) => {
  const r = spawnSync(bin, [], { input: text, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`validator failed on ${text}: ${r.stderr}`);
  const entries = ((JSON.parse(r.stdout) ?? []) as { kind: string; message: string }[])
    .map((e) => `${e.kind}: ${e.message.replace(/^unmarshal: /, '')}`)
    .sort();
  return { config: text, fatal: r.status === 1, entries };
});
writeFileSync(new URL('../fixtures/ignition/v2_3-corpus.json', import.meta.url), `${JSON.stringify(cases, null, 1)}\n`);
process.stdout.write(`recorded ${cases.length} configs\n`);
