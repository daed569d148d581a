import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions, isVersion } from './version.js';

const ORDERED = [
  '0.0.0',
  '0.0.0.0',
  '1.0.0-alpha',
  '1.0.0-alpha.1',
  '1.0.0-alpha.beta',
  '1.0.0-beta.2',
  '1.0.0-beta.11',
  '1.0.0-rc.1',
  '1.0.0',
  '3510.2.1',
  '3815.2.0',
  '3815.2.1+build.7',
  '4081.2.0',
  '4081.10.0',
];

test('versions sort as semver, Flatcar style included', () => {
  for (let i = 0; i < ORDERED.length; i++) {
    for (let j = 0; j < ORDERED.length; j++) {
      const a = ORDERED[i]!;
      const b = ORDERED[j]!;
      const expected = (a === '0.0.0' && b === '0.0.0.0') || (a === '0.0.0.0' && b === '0.0.0') ? 0 : Math.sign(i - j);
      assert.equal(compareVersions(a, b), expected, `${a} vs ${b}`);
    }
  }
});

test('build metadata does not count; invalid versions are refused and sort first', () => {
  assert.equal(compareVersions('3815.2.0+a', '3815.2.0+b'), 0);
  for (const bad of [
    '',
    'v1.0.0',
    '1..0',
    '01.0.0',
    '1.0.0-',
    '1.0.0+',
    'abc',
    '1.0.0 ',
    '1.0.0-a b',
    'x'.repeat(200),
  ]) {
    assert.equal(isVersion(bad), false, bad);
    assert.equal(compareVersions(bad, '0.0.0'), -1, bad);
  }
  assert.equal(compareVersions('nope', 'bad'), 0);
});
