/**
 * Records Go's gzip output for every corpus input (test/interop/go-gzip/corpus.ts)
 * into test/fixtures/go-gzip/recorded.json: the input's length and SHA-256
 * (guarding the generators) and the length and SHA-256 of what Go wrote.
 * Needs Go (Debian golang-go). Usage: npx tsx test/interop/go-gzip/record-go-gzip.ts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../helpers/hull.js';
import { CORPUS } from './corpus.js';
import { goGzipReference, removeGoGzipProgram } from './go-program.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const version = (await import('node:child_process')).execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
const cases: Record<string, { inputLength: number; inputSha256: string; gzipLength: number; gzipSha256: string }> = {};
for (const c of CORPUS) {
  const input = c.make();
  const gz = goGzipReference(input);
  cases[c.name] = {
    inputLength: input.length,
    inputSha256: sha256(input),
    gzipLength: gz.length,
    gzipSha256: sha256(gz),
  };
  console.log(c.name, input.length, gz.length);
}
removeGoGzipProgram();
writeFileSync(
  join(REPO, 'test/fixtures/go-gzip/recorded.json'),
  `${JSON.stringify({ recordedWith: version, cases }, null, 2)}\n`,
);
