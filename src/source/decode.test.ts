import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeBool,
  decodeFloat,
  decodeInt,
  decodeString,
  goResolve,
  parseJson,
  parseYaml,
  type DecodeResult,
} from './index.js';

type Want = { value: unknown } | { error: string };

function check<T>(name: string, r: DecodeResult<T>, want: Want): void {
  if ('error' in want) {
    assert.equal(r.ok, false, `${name}: expected an error, got ${r.ok ? JSON.stringify(r.value) : ''}`);
    if (!r.ok) {
      assert.equal(r.issue.message, want.error, name);
      assert.ok(['SRC_TYPE_MISMATCH', 'SRC_YAML_TAG_MISMATCH'].includes(r.issue.code), name);
      assert.deepEqual(r.issue.path, ['v'], `${name}: path`);
      assert.equal(r.issue.range?.start.line, 1, `${name}: range`);
      assert.equal(r.issue.range?.start.column, 4, `${name}: range`);
    }
  } else {
    assert.ok(r.ok, `${name}: ${r.ok ? '' : r.issue.message}`);
    if (r.ok) assert.deepEqual(r.value, want.value, name);
  }
}

const yamlEntry = (scalar: string) => {
  const { index, report } = parseYaml(`v: ${scalar}\n`);
  // A bad explicit tag is reported by the parse as well; the index is there all the same.
  if (!scalar.startsWith('!!bool')) assert.deepEqual(report.issues, [], scalar);
  return index.get(['v']);
};

const jsonEntry = (value: string) => {
  const { index, report } = parseJson(`{"v":${value}}`);
  assert.deepEqual(report.issues, [], value);
  return index.get(['v']);
};

test('decodeBool (YAML): YAML 1.1 words only where a bool is expected', () => {
  const rows: Array<[string, Want]> = [
    ['true', { value: true }],
    ['True', { value: true }],
    ['FALSE', { value: false }],
    ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((s): [string, Want] => [s, { value: true }]),
    ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].map((s): [string, Want] => [s, { value: false }]),
    ['"yes"', { value: true }],
    ['!!str on', { value: true }],
    ['"true"', { error: 'cannot unmarshal !!str `true` into bool' }],
    ['yES', { error: 'cannot unmarshal !!str `yES` into bool' }],
    ['1', { error: 'cannot unmarshal !!int `1` into bool' }],
    ['enabled', { error: 'cannot unmarshal !!str `enabled` into bool' }],
    ['~', { value: null }],
    ['', { value: null }],
    ['{a: 1}', { error: 'cannot unmarshal !!map into bool' }],
    ['[1]', { error: 'cannot unmarshal !!seq into bool' }],
    ['!!bool yes', { error: 'cannot decode !!str `yes` as a !!bool' }],
  ];
  for (const [scalar, want] of rows) check(`bool ${scalar}`, decodeBool(yamlEntry(scalar)), want);
});

test('decodeInt (YAML): octal, prefixes, truncated floats, never strings', () => {
  const rows: Array<[string, Want, Parameters<typeof decodeInt>[1]?]> = [
    ['0644', { value: 420 }],
    ['0o644', { value: 420 }],
    ['0x1F', { value: 31 }],
    ['0b11', { value: 3 }],
    ['1_000', { value: 1000 }],
    ['-17', { value: -17 }],
    ['+17', { value: 17 }],
    ['08', { value: 8 }],
    ['1.9', { value: 1 }],
    ['-1.9', { value: -1 }],
    ['1e3', { value: 1000 }],
    ['!!int "12"', { value: 12 }],
    ['~', { value: null }],
    ['"0644"', { error: 'cannot unmarshal !!str `0644` into int' }],
    ["'12'", { error: 'cannot unmarshal !!str `12` into int' }],
    ['yes', { error: 'cannot unmarshal !!str `yes` into int' }],
    ['true', { error: 'cannot unmarshal !!bool `true` into int' }],
    ['.inf', { error: 'cannot unmarshal !!float `.inf` into int' }],
    ['2001-12-14', { error: 'cannot unmarshal !!timestamp `2001-12-14` into int' }],
    ['abcdefghijklmnop', { error: 'cannot unmarshal !!str `abcdefg...` into int' }],
    ['300', { error: 'cannot unmarshal !!int `300` into int8' }, { bits: 8 }],
    ['127', { value: 127 }, { bits: 8 }],
    ['-1', { error: 'cannot unmarshal !!int `-1` into uint' }, { unsigned: true }],
    ['18446744073709551615', { error: 'cannot unmarshal !!int `1844674...` into int' }],
    ['4294967295', { value: 4294967295 }, { bits: 32, unsigned: true }],
    ['0644', { error: 'cannot unmarshal !!map into types.Mode' }, { typeName: 'types.Mode' }],
  ];
  for (const [scalar, want, opts] of rows) {
    const entry = scalar === '0644' && opts?.typeName !== undefined ? yamlEntry('{a: 1}') : yamlEntry(scalar);
    check(`int ${scalar}`, decodeInt(entry, opts), want);
  }
});

test('decodeString (YAML): any scalar gives its text, as go-yaml does', () => {
  const rows: Array<[string, Want]> = [
    ['0644', { value: '0644' }],
    ['true', { value: 'true' }],
    ['on', { value: 'on' }],
    ['1.50', { value: '1.50' }],
    ['"quoted"', { value: 'quoted' }],
    ['!!binary aGVsbG8=', { value: 'hello' }],
    ['~', { value: null }],
    ['{a: 1}', { error: 'cannot unmarshal !!map into string' }],
  ];
  for (const [scalar, want] of rows) check(`string ${scalar}`, decodeString(yamlEntry(scalar)), want);
});

test('decodeFloat (YAML)', () => {
  const rows: Array<[string, Want]> = [
    ['1', { value: 1 }],
    ['1.5', { value: 1.5 }],
    ['0x10', { value: 16 }],
    ['-.inf', { value: -Infinity }],
    ['"1.5"', { error: 'cannot unmarshal !!str `1.5` into float64' }],
  ];
  for (const [scalar, want] of rows) check(`float ${scalar}`, decodeFloat(yamlEntry(scalar)), want);
});

test('decoders (JSON) follow encoding/json: no coercion at all', () => {
  const rows: Array<[string, (e: ReturnType<typeof jsonEntry>) => DecodeResult<unknown>, Want]> = [
    ['true', decodeBool, { value: true }],
    ['"true"', decodeBool, { error: 'cannot unmarshal string into Go value of type bool' }],
    ['1', decodeBool, { error: 'cannot unmarshal number 1 into Go value of type bool' }],
    ['420', decodeInt, { value: 420 }],
    ['-0', decodeInt, { value: 0 }],
    ['1.0', decodeInt, { error: 'cannot unmarshal number 1.0 into Go value of type int' }],
    ['1e3', decodeInt, { error: 'cannot unmarshal number 1e3 into Go value of type int' }],
    ['"420"', decodeInt, { error: 'cannot unmarshal string into Go value of type int' }],
    ['{}', decodeInt, { error: 'cannot unmarshal object into Go value of type int' }],
    ['null', decodeInt, { value: null }],
    ['1.5', decodeFloat, { value: 1.5 }],
    ['"x"', decodeString, { value: 'x' }],
    ['1', decodeString, { error: 'cannot unmarshal number 1 into Go value of type string' }],
    ['[]', decodeString, { error: 'cannot unmarshal array into Go value of type string' }],
  ];
  for (const [value, decode, want] of rows) {
    const r = decode(jsonEntry(value));
    if ('error' in want) {
      assert.equal(r.ok, false, value);
      if (!r.ok) {
        assert.equal(r.issue.message, want.error);
        assert.deepEqual(r.issue.path, ['v']);
        assert.equal(r.issue.range?.start.column, 6);
      }
    } else {
      assert.ok(r.ok, value);
      if (r.ok) assert.deepEqual(r.value, want.value);
    }
  }
  const big = jsonEntry('300');
  assert.equal(decodeInt(big, { bits: 8 }).ok, false);
});

test('decoders: an absent entry decodes to undefined', () => {
  for (const d of [decodeBool, decodeInt, decodeFloat, decodeString])
    assert.deepEqual(d(undefined), { ok: true, value: undefined });
});

test('goResolve: the go-yaml v3 resolver table', () => {
  const rows: Array<[string, string, string, unknown]> = [
    // tag, text, resolved tag, value
    ['', '', '!!null', null],
    ['', '~', '!!null', null],
    ['', 'Null', '!!null', null],
    ['', 'nULL', '!!str', 'nULL'],
    ['', 'true', '!!bool', true],
    ['', 'yes', '!!str', 'yes'],
    ['', 'off', '!!str', 'off'],
    ['', '0644', '!!int', 420n],
    ['', '0o644', '!!int', 420n],
    ['', '-0x10', '!!int', -16n],
    ['', '0b1_1', '!!int', 3n],
    ['', '9223372036854775807', '!!int', 9223372036854775807n],
    ['', '9223372036854775808', '!!int', 9223372036854775808n],
    ['', '-9223372036854775809', '!!float', -(2 ** 63)], // the nearest double
    ['', '18446744073709551616', '!!float', 2 ** 64],
    ['', '08', '!!float', 8],
    ['', '1.', '!!float', 1],
    ['', '.5', '!!float', 0.5],
    ['', '._5', '!!str', '._5'],
    ['', '1e400', '!!str', '1e400'],
    ['', '+.INF', '!!float', Infinity],
    ['', '0x', '!!str', '0x'],
    ['', '-', '!!str', '-'],
    ['', '2001-12-14', '!!timestamp', '2001-12-14'],
    ['', '2001-12-14t21:59:43.10Z', '!!timestamp', '2001-12-14t21:59:43.10Z'],
    ['', '2001-12-14 21:59:43.10', '!!timestamp', '2001-12-14 21:59:43.10'],
    ['', '2001-02-30', '!!str', '2001-02-30'],
    ['', '<<', '!!str', '<<'],
    ['', 'hello', '!!str', 'hello'],
    ['!!str', '12', '!!str', '12'],
    ['tag:yaml.org,2002:int', '12', '!!int', 12n],
    ['!!float', '12', '!!float', 12],
    ['!!timestamp', '2001-12-14', '!!timestamp', '2001-12-14'],
    ['!custom', '12', '!custom', '12'],
    ['!', '12', '!!int', 12n],
  ];
  for (const [tag, text, rtag, value] of rows) {
    const r = goResolve(tag, text);
    assert.ok(r.ok, `${tag} ${text}`);
    if (r.ok) {
      assert.equal(r.tag, rtag, `${tag} ${text}`);
      assert.deepEqual(r.value, value, `${tag} ${text}`);
    }
  }
  const bad = goResolve('!!int', '1.5');
  assert.deepEqual(bad, { ok: false, message: 'cannot decode !!float `1.5` as a !!int' });
});
