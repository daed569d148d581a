import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partitionDimension } from './base2-bytes.js';
import { ctDataUrlString } from './data-url.js';
import { goQuote, goUrlParseError, parseSemver } from '../../go/index.js';
import { performTemplating } from './platform.js';
import { assembleUnit, unitText } from './unit-text.js';
import { isGoDuration } from './validate-clc.js';
import { etcdOptionSet, flannelOptionSet } from './versions.js';

test("data URLs escape every byte but A-Za-z0-9-_.!~*'()", () => {
  const rows: [string, string][] = [
    ['', 'data:,'],
    ["a-Z_9.!~*'()", "data:,a-Z_9.!~*'()"],
    ['a b\n', 'data:,a%20b%0A'],
    ['<&>é', 'data:,%3C%26%3E%C3%A9'],
    ['%/:;=?', 'data:,%25%2F%3A%3B%3D%3F'],
  ];
  for (const [input, want] of rows) assert.equal(ctDataUrlString(input), want, JSON.stringify(input));
});

test("goQuote is Go's %q", () => {
  const rows: [string, string][] = [
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\t\n\r\x07\b\f\v', '"\\t\\n\\r\\a\\b\\f\\v"'],
    ['\x00\x7f', '"\\x00\\x7f"'],
    ['é😀', '"é😀"'],
    ['\u200b', '"\\u200b"'],
  ];
  for (const [input, want] of rows) assert.equal(goQuote(input), want, JSON.stringify(input));
});

test('partition dimensions: base-2 units, whole MiB, ct messages', () => {
  const ok: [string, number | undefined][] = [
    ['', undefined],
    ['0', 0],
    ['4GiB', 4096],
    ['512MiB', 512],
    ['1GB', 1024],
    ['1.5GiB', 1536],
    ['1GiB512MiB', 1536],
  ];
  for (const [s, mib] of ok) assert.deepEqual(partitionDimension(s), { ok: true, mib }, s);
  const bad: [string, string][] = [
    ['100KiB', 'invalid dimension (finest granularity is 1MiB)'],
    ['-1GiB', 'invalid dimension (negative): "-1GiB"'],
    ['12 parsecs', 'units: unknown unit  parsecs in 12 parsecs'],
    ['100', 'units: unknown unit  in 100'],
    ['x', 'units: invalid x'],
  ];
  for (const [s, error] of bad) assert.deepEqual(partitionDimension(s), { ok: false, error }, s);
});

test('templating replaces {FIELD} per platform and fails on unknown fields', () => {
  assert.deepEqual(performTemplating('ec2', ['--name="{HOSTNAME}"', 'a={PRIVATE_IPV4}:{PUBLIC_IPV4}']), {
    args: ['--name="${COREOS_EC2_HOSTNAME}"', 'a=${COREOS_EC2_IPV4_LOCAL}:${COREOS_EC2_IPV4_PUBLIC}'],
  });
  assert.deepEqual(performTemplating('azure', ['{HOSTNAME}']), { error: 'unknown field' });
  assert.deepEqual(performTemplating('mars', ['{HOSTNAME}']), { error: 'unsupported platform' });
});

test('drop-in text: sections, flags on continuation lines, no final newline', () => {
  const r = assembleUnit('/w $O', ['--a="x"', '--b=1'], ['T=v1'], '');
  assert.ok(!('error' in r));
  assert.equal(
    unitText(r.unit, r.service),
    '[Service]\nEnvironment="T=v1"\nExecStart=\nExecStart=/w $O \\\n  --a="x" \\\n  --b=1',
  );
  assert.deepEqual(assembleUnit('/w', ['{HOSTNAME}'], [], ''), {
    error: 'platform must be specified to use templating',
  });
});

test('versions pick option sets as ct does', () => {
  assert.equal(parseSemver('3.5'), undefined);
  assert.deepEqual(parseSemver('3.4.1-rc.1'), { major: 3, minor: 4, patch: 1, pre: 'rc.1', meta: '' });
  assert.ok(etcdOptionSet(undefined).some((o) => o.key === 'experimental_initial_corrupt_check'));
  assert.ok(etcdOptionSet(parseSemver('2.3.7')).some((o) => o.key === 'debug'));
  assert.ok(!etcdOptionSet(parseSemver('3.0.0')).some((o) => o.key === 'metrics'));
  assert.ok(etcdOptionSet(parseSemver('3.1.0')).some((o) => o.key === 'metrics'));
  assert.ok(flannelOptionSet(parseSemver('0.7.0')).some((o) => o.key === 'kube_subnet_mgr'));
  assert.ok(!flannelOptionSet(undefined).some((o) => o.key === 'kube_subnet_mgr'));
  assert.equal(flannelOptionSet(parseSemver('0.5.0'))[0]!.key, 'etcd_endpoints');
});

test('Go durations and URL parse errors', () => {
  for (const d of ['1h', '90m', '1h30m', '1.5h', '0', '-2s']) assert.ok(isGoDuration(d), d);
  for (const d of ['', 'forever', '1', '1d']) assert.ok(!isGoDuration(d), d);
  assert.equal(goUrlParseError('http://example.com/a'), undefined);
  assert.equal(goUrlParseError('http://a b/'), 'parse "http://a b/": invalid character " " in host name');
  assert.equal(goUrlParseError('http://x/%zz'), 'parse "http://x/%zz": invalid URL escape "%zz"');
  assert.equal(goUrlParseError(':x'), 'parse ":x": missing protocol scheme');
  assert.equal(goUrlParseError('1:x'), 'parse "1:x": first path segment in URL cannot contain colon');
  assert.equal(goUrlParseError('t&T:'), 'parse "t&T:": first path segment in URL cannot contain colon');
  assert.equal(goUrlParseError('a/b:c'), undefined);
});
