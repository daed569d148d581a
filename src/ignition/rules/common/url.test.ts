import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { plainUrlScheme, validateUrl, validateUrlFull } from './url.js';

// validateUrl takes a fast path for plain data:/http(s): URLs; it must give exactly what the full path gives.

const PREFIXES = [
  'data:,',
  'data:',
  'data:text/plain,',
  'http://',
  'https://',
  'HTTPS://',
  'https:',
  's3://',
  'tftp://',
  '',
];
// Plain units (taken by the fast path) and, at most once per URL, one that may send it to the full path.
const PLAIN_UNITS = [...'aZ09.-_~/!$&()*+;=,:@', '%41', '%0a', 'ex.com'];
const RARE_UNITS = [...'%4Fg?#/:@ "<>[]{}|^`\\\'', 'é', '\x01', '\x7f', '%2', '%zz', '%'];
const plain = fc.string({ unit: fc.constantFrom(...PLAIN_UNITS), maxLength: 20 });
const SCHEME_SETS = [['data', 'http', 'https', 's3', 'tftp'], ['http', 'https'], ['data'], []];

test('validateUrl (fast path) agrees with validateUrlFull on generated URLs', () => {
  let fast = 0;
  let runs = 0;
  fc.assert(
    fc.property(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('data:,', 'http://ex.com/', 'https://h') },
        { weight: 2, arbitrary: fc.constantFrom(...PREFIXES) },
      ),
      plain,
      fc.option(fc.constantFrom(...RARE_UNITS), { freq: 2 }),
      plain,
      fc.constantFrom(...SCHEME_SETS),
      (prefix, head, rare, tail, schemes) => {
        const s = prefix + head + (rare ?? '') + tail;
        runs++;
        if (plainUrlScheme(s) !== undefined) fast++;
        assert.deepEqual(validateUrl(s, schemes), validateUrlFull(s, schemes), s);
      },
    ),
    { numRuns: 20000, seed: 19 },
  );
  // The generator reaches the fast path often enough for the agreement to mean something.
  assert.ok(fast > runs / 10, `fast path taken ${fast} of ${runs} times`);
});

test('the fast path takes the bench forms and leaves the others to the full path', () => {
  assert.equal(plainUrlScheme('data:,listen_0%3Dport-1%0A'), 'data');
  assert.equal(plainUrlScheme('https://files.example.com/12/abcdef01'), 'https');
  assert.equal(plainUrlScheme('http://h'), 'http');
  assert.equal(plainUrlScheme('data:,%4'), undefined);
  assert.equal(plainUrlScheme('data:;base64,QQ=='), undefined);
  assert.equal(plainUrlScheme('https://h/x?versionId='), undefined);
  assert.equal(plainUrlScheme('https://user@h/x'), undefined);
  assert.equal(plainUrlScheme('s3://bucket/key'), undefined);
  assert.equal(validateUrl('https://h/x', ['data']), 'IGN_URL_SCHEME_INVALID');
});
