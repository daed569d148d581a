import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { nativeJson } from './json-native.js';
import { parseJson, parseJsonValueOnly } from './parse-json.js';

// parseJson's value-only pass goes through JSON.parse plus one scan; it must give what Hull's own
// value-only pass gives (value, key order, -0, plainNumbers), and give up exactly where that one does.

const NUMBERS = [
  '0',
  '-0',
  '5',
  '-3',
  '1.0',
  '0.1',
  '1e2',
  '1E+2',
  '1.5e-7',
  '12345678901234567890',
  '1e400',
  '-1e400',
];
const STRINGS = ['"a"', '""', '"\\""', '"\\\\"', '"x\\\\"', '"\\u0041"', '"é"', '"\\"a\\\\\\""', '"\\/"'];
const KEYS = ['"a"', '"b"', '"__proto__"', '"1"', '"\\u0061"', '"a\\\\"', '"\\""'];
const WS = ['', ' ', '\n', '\t', '\r\n  '];

const { value: jsonText } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NUMBERS, ...STRINGS, 'true', 'false', 'null'),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...WS), tie('value')), { maxLength: 4 })
      .map((ms) => `{${ms.map(([k, w, v]) => `${w}${k}${w}:${w}${v}`).join(',')}}`),
    fc
      .array(fc.tuple(fc.constantFrom(...WS), tie('value')), { maxLength: 4 })
      .map((xs) => `[${xs.map(([w, v]) => w + v).join(',')}]`),
  ),
}));

/** The value with key order and -0 made visible. */
function shape(v: unknown): string {
  if (Object.is(v, -0)) return '-0';
  if (Array.isArray(v)) return `[${v.map(shape).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${shape((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

test('nativeJson agrees with the parser value-only pass on generated JSON', () => {
  let taken = 0;
  let runs = 0;
  fc.assert(
    fc.property(jsonText, fc.constantFrom(...WS), fc.constantFrom(2, 3, 1000), (text, ws, maxDepth) => {
      const t = ws + text + ws;
      const native = nativeJson(t, maxDepth);
      const own = parseJsonValueOnly(t, maxDepth);
      runs++;
      if (native !== undefined) taken++;
      assert.equal(native === undefined, own === undefined, t);
      if (native === undefined || own === undefined) return;
      assert.equal(shape(native.value), shape(own.value), t);
      assert.deepEqual(native.value, own.value, t);
      assert.equal(native.plainNumbers, own.plainNumbers, t);
    }),
    { numRuns: 5000, seed: 19 },
  );
  assert.ok(taken > runs / 4 && taken < runs, `native path taken ${taken} of ${runs} times`);
});

test('texts JSON.parse accepts but Hull reports still get their issues', () => {
  assert.equal(nativeJson('{"a":1,"a":2}', 100), undefined);
  assert.equal(nativeJson('{"a":1,"\\u0061":2}', 100), undefined);
  assert.equal(nativeJson('[1e400]', 100), undefined);
  assert.equal(nativeJson('[[[]]]', 2), undefined);
  assert.deepEqual(
    parseJson('{"a":1,"a":2}').report.issues.map((i) => i.code),
    ['SRC_JSON_DUPLICATE_KEY'],
  );
  assert.deepEqual(nativeJson('{"x\\\\":[1, 2.50]}', 100), { value: { 'x\\': [1, 2.5] }, plainNumbers: false });
});
