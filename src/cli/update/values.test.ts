import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../core/index.js';
import { policyPatch } from './fleet-commands.js';
import { splitUrl } from './catalog-commands.js';
import { formatSeconds, parseBoolean, parseNumber, parseSeconds, parseServerUrl, parseWhole } from './values.js';

const usage = (f: () => unknown, message: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof AppError && e.code === 'USAGE' && message.test(e.message));

describe('hull update: flag values', () => {
  test('durations: seconds, units, combined; anything else is USAGE naming the flag', () => {
    for (const [text, s] of [
      ['90', 90],
      ['90s', 90],
      ['15m', 900],
      ['2h', 7200],
      ['7d', 604800],
      ['1w', 604800],
      ['1h30m', 5400],
    ] as const)
      assert.equal(parseSeconds(text, '--period'), s);
    for (const bad of ['', '0', '0s', '1.5h', 'h', '5x', '1h 30m', '-5', '1h30'])
      usage(() => parseSeconds(bad, '--period'), /^--period: .* is not a duration/);
    assert.deepEqual(
      [formatSeconds(3600), formatSeconds(5400), formatSeconds(86400), formatSeconds(90)],
      ['1h', '1h30m', '1d', '1m30s'],
    );
  });

  test('numbers, booleans, URLs', () => {
    assert.equal(parseWhole('5', '--max-per-period'), 5);
    usage(() => parseWhole('0', '--page', 1, 10), /^--page: "0" must be a whole number from 1 to 10$/);
    usage(() => parseWhole('2.5', '--page'), /whole number/);
    assert.equal(parseNumber('0.25', '--halt-threshold', 0, 1), 0.25);
    assert.equal(parseNumber('12.5%', 'percent', 0, 100, { percent: true }), 12.5);
    usage(() => parseNumber('1.5', '--halt-threshold', 0, 1), /from 0 to 1/);
    usage(() => parseNumber('1e3', 'percent', 0, 100), /from 0 to 100/);
    assert.deepEqual(
      ['true', 'on', 'YES', '1', 'false', 'off', 'no', '0'].map((b) => parseBoolean(b, '--x')),
      [true, true, true, true, false, false, false, false],
    );
    usage(() => parseBoolean('maybe', '--auto-halt'), /^--auto-halt: "maybe" must be true or false/);
    assert.equal(parseServerUrl('http://h:8080/', '--server'), 'http://h:8080');
    assert.equal(parseServerUrl('https://h/hull//', '--server'), 'https://h/hull');
    usage(() => parseServerUrl('h:8080', '--server'), /http:\/\/ or https:\/\//);
    usage(() => parseServerUrl('nonsense', 'HULL_SERVER'), /^HULL_SERVER: "nonsense" is not a URL/);
    usage(() => parseServerUrl('http://h/?a=1', '--server'), /no \?query/);
  });

  test('policy flags become the API patch: only what is given, auto-halt fields together', () => {
    assert.deepEqual(policyPatch({}), {});
    assert.deepEqual(
      policyPatch({
        safeMode: true,
        officeHours: 'off',
        updatesEnabled: 'false',
        maxPerPeriod: '3',
        period: '10m',
        updateTimeout: '2h',
        timezone: 'UTC',
      }),
      {
        safeMode: true,
        officeHours: false,
        updatesEnabled: false,
        maxUpdatesPerPeriod: 3,
        periodIntervalSeconds: 600,
        updateTimeoutSeconds: 7200,
        timezone: 'UTC',
      },
    );
    assert.deepEqual(policyPatch({ autoHalt: 'on', haltThreshold: '0.1', haltMinSamples: '10', haltWindow: '1d' }), {
      autoHalt: { enabled: true, threshold: 0.1, minSamples: 10, windowSeconds: 86400 },
    });
    usage(() => policyPatch({ haltMinSamples: '0' }), /^--halt-min-samples/);
  });

  test('packages add --url: a file URL splits into codebase and name; a directory needs --filename', () => {
    assert.deepEqual(splitUrl('https://dl.example.com/3815.2.0/flatcar_production_update.gz'), {
      url: 'https://dl.example.com/3815.2.0/',
      filename: 'flatcar_production_update.gz',
    });
    assert.deepEqual(splitUrl('https://dl.example.com/a%20b.gz'), {
      url: 'https://dl.example.com/',
      filename: 'a b.gz',
    });
    assert.deepEqual(splitUrl('https://dl.example.com/dir/', 'x.gz'), {
      url: 'https://dl.example.com/dir/',
      filename: 'x.gz',
    });
    usage(() => splitUrl('https://dl.example.com/dir/'), /names no file/);
    usage(() => splitUrl('https://dl.example.com'), /names no file/);
  });
});
