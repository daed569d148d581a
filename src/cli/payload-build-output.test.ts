import assert from 'node:assert/strict';
import { test } from 'node:test';
import { payloadBuildOutput } from './main.js';

test('hull payload build: -o FILE after build is --out FILE; -o text|json stays the output format', () => {
  const cases: [string[], string[]][] = [
    [
      ['payload', 'build', '--usr', 'u', '-o', 'update.gz'],
      ['payload', 'build', '--usr', 'u', '--out', 'update.gz'],
    ],
    [
      ['payload', 'build', '-o', 'update.gz', '-o', 'json'],
      ['payload', 'build', '--out', 'update.gz', '-o', 'json'],
    ],
    [
      ['payload', 'build', '--output=up.bin', '--output=json'],
      ['payload', 'build', '--out=up.bin', '--output=json'],
    ],
    [
      ['payload', 'build', '-oup.bin', '-ojson'],
      ['payload', 'build', '--out=up.bin', '-ojson'],
    ],
    [
      ['-o', 'json', 'payload', 'build', '-o', 'x'],
      ['-o', 'json', 'payload', 'build', '--out', 'x'],
    ],
    [
      ['payload', 'build', '-o', 'text'],
      ['payload', 'build', '-o', 'text'],
    ],
    [
      ['payload', 'inspect', 'f', '-o', 'json'],
      ['payload', 'inspect', 'f', '-o', 'json'],
    ],
    [
      ['payload', 'verify', 'build', '-o', 'json'],
      ['payload', 'verify', 'build', '-o', 'json'],
    ],
    [
      ['disk', 'build', '-o', 'x'],
      ['disk', 'build', '-o', 'x'],
    ],
    [
      ['payload', 'build', '--', '-o', 'x'],
      ['payload', 'build', '--', '-o', 'x'],
    ],
  ];
  for (const [given, want] of cases) assert.deepEqual(payloadBuildOutput(given), want, given.join(' '));
});
