/**
 * Hull's gzip (src/transpile/go-gzip) against Go's compress/gzip at
 * BestCompression, replayed: for every input of the corpus the bytes Hull
 * writes have the length and SHA-256 that Go's had when recorded
 * (test/fixtures/go-gzip/recorded.json, by record-go-gzip.ts). Needs no Go.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { goGzip } from '../../../src/transpile/index.js';
import { REPO } from '../../helpers/hull.js';
import { CORPUS } from './corpus.js';

interface Recorded {
  readonly inputLength: number;
  readonly inputSha256: string;
  readonly gzipLength: number;
  readonly gzipSha256: string;
}

const recorded = JSON.parse(readFileSync(join(REPO, 'test/fixtures/go-gzip/recorded.json'), 'utf8')) as {
  cases: Record<string, Recorded>;
};
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('every corpus input has a recording, and every recording an input', () => {
  assert.deepEqual(Object.keys(recorded.cases).sort(), CORPUS.map((c) => c.name).sort());
});

for (const c of CORPUS) {
  test(`gzip of ${c.name} is Go's, byte for byte`, () => {
    const want = recorded.cases[c.name]!;
    const input = c.make();
    assert.equal(input.length, want.inputLength, 'input length (generator changed?)');
    assert.equal(sha256(input), want.inputSha256, 'input digest (generator changed?)');
    const gz = goGzip(input);
    assert.equal(gz.length, want.gzipLength, 'gzip length');
    assert.equal(sha256(gz), want.gzipSha256, 'gzip digest');
  });
}
