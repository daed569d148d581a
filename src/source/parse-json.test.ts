import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJson } from './index.js';

const pos = (i: { range?: { start: { line: number; column: number } } } | undefined): string =>
  i?.range === undefined ? 'none' : `${i.range.start.line}:${i.range.start.column}`;

test('parseJson: values equal JSON.parse for valid documents', () => {
  const texts = [
    '{}',
    '[]',
    '0',
    '-1.5e-3',
    '"\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t"',
    '"\\ud83d\\ude00"',
    ' {"a": [1, 2, {"b": null}], "c": true, "d": false, "e": "x"} ',
    '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"/etc/x","mode":420}]}}',
    '[[[[[]]]]]',
  ];
  for (const text of texts) {
    const r = parseJson(text);
    assert.deepEqual(r.report.issues, [], text);
    assert.deepEqual(r.value, JSON.parse(text), text);
    assert.equal(r.empty, false);
  }
  const proto = parseJson('{"__proto__": {"polluted": true}}');
  assert.deepEqual(Object.keys(proto.value as object), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('parseJson: whitespace-only text is an empty document', () => {
  for (const text of ['', ' ', '\n\t\r\n']) {
    const r = parseJson(text);
    assert.equal(r.value, null);
    assert.equal(r.empty, true);
    assert.deepEqual(r.report.issues, []);
  }
});

test('parseJson: syntax errors and duplicate keys, each with line:col', () => {
  const rows: Array<{ text: string; code: string; at: string; message: string; path?: unknown[] }> = [
    {
      text: '{"a": 1, "a": 2}',
      code: 'SRC_JSON_DUPLICATE_KEY',
      at: '1:10',
      message: 'duplicate key "a" (first defined at line 1, column 2)',
      path: ['a'],
    },
    {
      text: '{"x": [{"b": 1,\n "b": 2}]}',
      code: 'SRC_JSON_DUPLICATE_KEY',
      at: '2:2',
      message: 'duplicate key "b" (first defined at line 1, column 9)',
      path: ['x', 0, 'b'],
    },
    {
      text: '{"a": 1',
      code: 'SRC_JSON_SYNTAX',
      at: '1:1',
      message: 'unexpected end of JSON input: the object opened here is not closed',
    },
    {
      text: '{"a": [1,\n2',
      code: 'SRC_JSON_SYNTAX',
      at: '1:7',
      message: 'unexpected end of JSON input: the array opened here is not closed',
      path: ['a'],
    },
    {
      text: '{"a": "abc',
      code: 'SRC_JSON_SYNTAX',
      at: '1:7',
      message: 'unexpected end of JSON input: unterminated string',
      path: ['a'],
    },
    {
      text: '"abc\\',
      code: 'SRC_JSON_SYNTAX',
      at: '1:1',
      message: 'unexpected end of JSON input: unterminated string',
    },
    { text: '{"a" 1}', code: 'SRC_JSON_SYNTAX', at: '1:6', message: "invalid character '1' after object key" },
    {
      text: '{"a": 1 "b": 2}',
      code: 'SRC_JSON_SYNTAX',
      at: '1:9',
      message: `invalid character '"' after object key:value pair`,
    },
    { text: '[1 2]', code: 'SRC_JSON_SYNTAX', at: '1:4', message: "invalid character '2' after array element" },
    {
      text: '[1,]',
      code: 'SRC_JSON_SYNTAX',
      at: '1:4',
      message: "invalid character ']' looking for beginning of value",
      path: [1],
    },
    {
      text: '{,}',
      code: 'SRC_JSON_SYNTAX',
      at: '1:2',
      message: "invalid character ',' looking for beginning of object key string",
    },
    {
      text: '{"a": 01}',
      code: 'SRC_JSON_SYNTAX',
      at: '1:8',
      message: "invalid character '1' after object key:value pair",
    },
    { text: '1.', code: 'SRC_JSON_SYNTAX', at: '1:3', message: 'unexpected end of JSON input' },
    {
      text: '1.x',
      code: 'SRC_JSON_SYNTAX',
      at: '1:3',
      message: "invalid character 'x' after decimal point in numeric literal",
    },
    {
      text: '1ex',
      code: 'SRC_JSON_SYNTAX',
      at: '1:3',
      message: "invalid character 'x' in exponent of numeric literal",
    },
    { text: '-x', code: 'SRC_JSON_SYNTAX', at: '1:2', message: "invalid character 'x' in numeric literal" },
    {
      text: 'trux',
      code: 'SRC_JSON_SYNTAX',
      at: '1:4',
      message: "invalid character 'x' in literal true (expecting 'e')",
    },
    {
      text: "{'a': 1}",
      code: 'SRC_JSON_SYNTAX',
      at: '1:2',
      message: "invalid character '\\'' looking for beginning of object key string",
    },
    {
      text: '{"a": "x\ny"}',
      code: 'SRC_JSON_SYNTAX',
      at: '1:9',
      message: "invalid character '\\n' in string literal",
      path: ['a'],
    },
    {
      text: '{"a": "\\q"}',
      code: 'SRC_JSON_SYNTAX',
      at: '1:9',
      message: "invalid character 'q' in string escape code",
    },
    {
      text: '"\\u12x4"',
      code: 'SRC_JSON_SYNTAX',
      at: '1:6',
      message: "invalid character 'x' in \\u hexadecimal character escape",
    },
    { text: 'true false', code: 'SRC_JSON_SYNTAX', at: '1:6', message: "invalid character 'f' after top-level value" },
    {
      text: '// comment\n{}',
      code: 'SRC_JSON_SYNTAX',
      at: '1:1',
      message: "invalid character '/' looking for beginning of value",
    },
    {
      text: '\uFEFF{}',
      code: 'SRC_JSON_SYNTAX',
      at: '1:1',
      message: "invalid character '\\ufeff' looking for beginning of value",
    },
    {
      text: '{"a": NaN}',
      code: 'SRC_JSON_SYNTAX',
      at: '1:7',
      message: "invalid character 'N' looking for beginning of value",
    },
    {
      text: '{"n": 1e400}',
      code: 'SRC_TYPE_MISMATCH',
      at: '1:7',
      message: 'cannot unmarshal number 1e400 into Go value of type float64',
      path: ['n'],
    },
    { text: '[[[[[1]]]]]', code: 'SRC_NESTING_TOO_DEEP', at: '1:4', message: 'exceeded max depth of 3' },
  ];
  for (const row of rows) {
    const r = parseJson(row.text, row.code === 'SRC_NESTING_TOO_DEEP' ? { maxDepth: 3 } : {});
    const [hit] = r.report.issues;
    assert.equal(
      r.report.issues.length,
      1,
      `${JSON.stringify(row.text)}: ${r.report.issues.map((i) => i.message).join('; ')}`,
    );
    assert.equal(hit?.code, row.code, row.text);
    assert.equal(hit?.message, row.message, row.text);
    assert.equal(pos(hit), row.at, `${JSON.stringify(row.text)} position`);
    if (row.path !== undefined) assert.deepEqual(hit?.path, row.path, `${row.text} path`);
    assert.equal(r.value, undefined, row.text);
  }
});

test('parseJson: a partial index survives a syntax error', () => {
  const r = parseJson('{"a": {"b": 1}, "c": [1, 2,');
  assert.equal(r.index.get(['a', 'b'])?.text, '1');
  assert.equal(r.index.root?.kind, 'mapping');
});

test('parseJson: size and depth limits', () => {
  const t0 = performance.now();
  const big = parseJson(' '.repeat(200 * 1024 * 1024));
  assert.ok(performance.now() - t0 < 500);
  assert.equal(big.report.issues[0]?.code, 'SRC_INPUT_TOO_LARGE');
  assert.equal(pos(big.report.issues[0]), '1:1');
  const deep = parseJson('['.repeat(100000) + ']'.repeat(100000));
  assert.equal(deep.report.issues[0]?.code, 'SRC_NESTING_TOO_DEEP');
  assert.equal(pos(deep.report.issues[0]), '1:1001');
  const ok = parseJson('['.repeat(50000) + ']'.repeat(50000), { maxDepth: 100000 });
  assert.deepEqual(ok.report.issues, [], 'the parser itself is iterative');
});

test('parseJson: the position tree of a clean text is built on first use, the same as a full parse', () => {
  // A clean text is read once for its value; the index builds its tree when asked.
  const text = '{\n  "b": [1, {"c": "x\\u00e9"}],\n  "10": null,\n  "a": -0\n}';
  const lazy = parseJson(text);
  assert.deepEqual(lazy.report.issues, []);
  assert.deepEqual(lazy.value, { b: [1, { c: 'xé' }], 10: null, a: -0 });
  // Adding a duplicate key makes the first pass stop: the full pass reports it, and its tree is the reference.
  const full = parseJson(text.replace('\n}', ',\n  "a": 2\n}'));
  assert.equal(full.report.issues[0]?.code, 'SRC_JSON_DUPLICATE_KEY');
  // Every entry but the root (whose range ends later in the longer text) is where it is in the full parse.
  const shape = (i: typeof lazy.index) =>
    [...i.entries()].slice(1).map((e) => [e.path, e.kind, e.text, e.range, e.keyRange]);
  assert.equal(shape(lazy.index).length, 6);
  assert.deepEqual(shape(lazy.index), shape(full.index));
  assert.deepEqual(lazy.index.keys([]), ['b', '10', 'a'], 'source order, integer-like keys where written');
  assert.equal(lazy.index.scalarText(['a']), '-0');
});

test('parseJson: plainNumbers says whether every number is written as String(value) writes it', () => {
  assert.equal(parseJson('{"a": 1, "b": [420, -3]}').index.plainNumbers, true);
  for (const t of ['{"a": 1.0}', '{"a": 1e3}', '[-0]', '[0.10]', '[12345678901234567890]']) {
    assert.equal(parseJson(t).index.plainNumbers, false, t);
  }
  // A text with a finding is read by the full pass, which does not claim it.
  assert.equal(parseJson('{"a": 1, "a": 2}').index.plainNumbers, false);
});
