import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYaml } from './index.js';

const pos = (r: { range?: { start: { line: number; column: number } } }): string =>
  r.range === undefined ? 'none' : `${r.range.start.line}:${r.range.start.column}`;

test('parseYaml: values resolve like go-yaml v3 into interface{}', () => {
  const rows: Array<[string, unknown]> = [
    ['a: 0644', { a: 420 }],
    ['a: 0o644', { a: 420 }],
    ['a: 0x1F', { a: 31 }],
    ['a: 0b101', { a: 5 }],
    ['a: 1_000', { a: 1000 }],
    ['a: -0o17', { a: -15 }],
    ['a: 08', { a: 8 }],
    ['a: 1.5e3', { a: 1500 }],
    ['a: .5', { a: 0.5 }],
    ['a: 1e400', { a: '1e400' }],
    ['a: "0644"', { a: '0644' }],
    ["a: '0644'", { a: '0644' }],
    ['a: !!str 0644', { a: '0644' }],
    ['a: !!int "0644"', { a: 420 }],
    ['a: !!float 1', { a: 1 }],
    ['a: yes', { a: 'yes' }],
    ['a: no', { a: 'no' }],
    ['a: on', { a: 'on' }],
    ['a: off', { a: 'off' }],
    ['a: y', { a: 'y' }],
    ['a: true', { a: true }],
    ['a: False', { a: false }],
    ['a: TRUE', { a: true }],
    ['a: tRUE', { a: 'tRUE' }],
    ['a: ~', { a: null }],
    ['a: null', { a: null }],
    ['a:', { a: null }],
    ['a: NULL', { a: null }],
    ['a: 2001-12-14', { a: '2001-12-14' }],
    ['a: !!binary aGVsbG8=', { a: 'hello' }],
    ['a: !foo 12', { a: '12' }],
    ['a: ! 12', { a: 12 }],
    ['a: <<', { a: '<<' }],
    ['a: |\n  x\n  y\n', { a: 'x\ny\n' }],
    ['a: >-\n  x\n  y\n', { a: 'x y' }],
    ['a: "tab\\there"', { a: 'tab\there' }],
    ['- 1\n- two\n- [3]', [1, 'two', [3]]],
    ['1: a\n"1x": b', { '1': 'a', '1x': 'b' }],
    ['0x10: a', { '0x10': 'a' }],
    ['~: skipped\nb: kept', { b: 'kept' }],
    ['__proto__: 1', JSON.parse('{"__proto__": 1}')],
  ];
  for (const [text, want] of rows) {
    const r = parseYaml(text);
    assert.deepEqual(r.report.issues, [], text);
    assert.deepEqual(r.value, want, text);
  }
});

test('parseYaml: explicit-tag infinities and NaN', () => {
  const r = parseYaml('a: .inf\nb: -.Inf\nc: .NaN\n');
  const v = r.value as Record<string, number>;
  assert.equal(v.a, Infinity);
  assert.equal(v.b, -Infinity);
  assert.ok(Number.isNaN(v.c));
});

test('parseYaml: empty and comment-only documents are null with no issue', () => {
  for (const text of ['', '   \n', '# only a comment\n', '---\n', '--- # c\n...\n']) {
    const r = parseYaml(text);
    assert.equal(r.value, null, JSON.stringify(text));
    assert.equal(r.empty, true, JSON.stringify(text));
    assert.deepEqual(r.report.issues, [], JSON.stringify(text));
    assert.equal(r.index.root, undefined);
  }
  const notEmpty = parseYaml('--- ~\n');
  assert.equal(notEmpty.empty, false);
  assert.equal(notEmpty.value, null);
});

test('parseYaml: bad YAML gives a coded issue with line:col, never a throw', () => {
  const rows: Array<{ name: string; text: string; code: string; at: string; path?: unknown[]; message?: RegExp }> = [
    {
      name: 'duplicate key',
      text: 'a: 1\nb: 2\na: 3\n',
      code: 'SRC_YAML_DUPLICATE_KEY',
      at: '3:1',
      path: ['a'],
      message: /mapping key "a" already defined at line 1/,
    },
    {
      name: 'duplicate key nested',
      text: 'x:\n  k: 1\n  k: 2\n',
      code: 'SRC_YAML_DUPLICATE_KEY',
      at: '3:3',
      path: ['x', 'k'],
    },
    { name: 'duplicate 1 and "1"', text: '1: a\n"1": b\n', code: 'SRC_YAML_DUPLICATE_KEY', at: '2:1' },
    { name: 'duplicate in flow map', text: 'a: {x: 1, x: 2}\n', code: 'SRC_YAML_DUPLICATE_KEY', at: '1:11' },
    { name: 'tab indentation', text: 'a:\n\tb: 1\n', code: 'SRC_YAML_TAB_INDENT', at: '2:1', message: /tab character/ },
    { name: 'tab after spaces', text: 'a:\n  \tb: 1\n', code: 'SRC_YAML_TAB_INDENT', at: '2:3' },
    { name: 'tab before sequence item', text: 'a:\n\t- b\n', code: 'SRC_YAML_TAB_INDENT', at: '2:1' },
    { name: 'tab in block scalar indentation', text: 'a: |\n\tfoo\n', code: 'SRC_YAML_TAB_INDENT', at: '2:1' },
    {
      name: 'unterminated double quote',
      text: 'a: "abc\nb: 1\n',
      code: 'SRC_YAML_UNTERMINATED',
      at: '1:4',
      message: /double-quoted/,
    },
    { name: 'unterminated double quote at EOF', text: 'x: 1\ny: "abc', code: 'SRC_YAML_UNTERMINATED', at: '2:4' },
    {
      name: 'unterminated single quote',
      text: "a: 'abc\n",
      code: 'SRC_YAML_UNTERMINATED',
      at: '1:4',
      message: /single-quoted/,
    },
    { name: 'escaped quote does not close', text: 'a: "abc\\"\n', code: 'SRC_YAML_UNTERMINATED', at: '1:4' },
    {
      name: 'unterminated flow sequence',
      text: 'a: [1, 2\nb: 3\n',
      code: 'SRC_YAML_UNTERMINATED',
      at: '1:4',
      message: /flow sequence: missing closing \]/,
    },
    {
      name: 'unterminated flow mapping',
      text: 'a: {x: 1\n',
      code: 'SRC_YAML_UNTERMINATED',
      at: '1:4',
      message: /flow mapping: missing closing \}/,
    },
    { name: 'unterminated flow at document level', text: '[1, 2', code: 'SRC_YAML_UNTERMINATED', at: '1:1' },
    { name: 'unterminated nested flow', text: 'a: [1, [2, 3]\nb: 1\n', code: 'SRC_YAML_UNTERMINATED', at: '1:4' },
    { name: 'bad indentation', text: 'a:\n  b: 1\n c: 2\n', code: 'SRC_YAML_SYNTAX', at: '3:1' },
    { name: 'mapping in plain scalar', text: 'a: b: c\n', code: 'SRC_YAML_SYNTAX', at: '1:4' },
    { name: 'bad escape', text: 'a: "\\q"\n', code: 'SRC_YAML_SYNTAX', at: '1:5' },
    { name: 'stray closing bracket', text: 'a: 1\n]\n', code: 'SRC_YAML_SYNTAX', at: '2:1' },
    { name: 'control character', text: 'a: b\u0001\n', code: 'SRC_YAML_CONTROL_CHAR', at: '1:5', message: /U\+0001/ },
    { name: 'NUL', text: 'a: \0\n', code: 'SRC_YAML_CONTROL_CHAR', at: '1:4' },
    { name: 'YAML 1.2 directive', text: '%YAML 1.2\n---\na: 1\n', code: 'SRC_YAML_INCOMPATIBLE_VERSION', at: '1:1' },
    {
      name: 'unknown anchor',
      text: 'a: 1\nb: *nope\n',
      code: 'SRC_YAML_UNKNOWN_ANCHOR',
      at: '2:4',
      message: /unknown anchor 'nope' referenced/,
    },
    { name: 'alias used before its anchor', text: 'a: *x\nb: &x 1\n', code: 'SRC_YAML_UNKNOWN_ANCHOR', at: '1:4' },
    {
      name: 'self-referencing anchor',
      text: 'a: &a [1, *a]\n',
      code: 'SRC_YAML_ALIAS_CYCLE',
      at: '1:11',
      message: /anchor 'a' value contains itself/,
    },
    { name: 'self-merging anchor', text: 'a: &a {<<: *a}\n', code: 'SRC_YAML_ALIAS_CYCLE', at: '1:12' },
    {
      name: 'tag mismatch',
      text: 'a: !!int abc\n',
      code: 'SRC_YAML_TAG_MISMATCH',
      at: '1:4',
      path: ['a'],
      message: /cannot decode !!str `abc` as a !!int/,
    },
    { name: 'bool tag on yes', text: 'a: !!bool yes\n', code: 'SRC_YAML_TAG_MISMATCH', at: '1:4' },
    { name: 'bad binary', text: 'a: !!binary "@@@"\n', code: 'SRC_YAML_TAG_MISMATCH', at: '1:4', message: /base64/ },
    {
      name: 'merge of a scalar',
      text: 'a:\n  <<: 1\n  b: 2\n',
      code: 'SRC_YAML_MERGE_INVALID',
      at: '2:7',
      path: ['a'],
    },
    { name: 'merge of a sequence of scalars', text: 'a:\n  <<: [1]\n', code: 'SRC_YAML_MERGE_INVALID', at: '2:8' },
    { name: 'sequence as key', text: '? [x]\n: 3\n', code: 'SRC_YAML_INVALID_KEY', at: '1:3' },
    { name: 'mapping as key', text: '? {x: 1}\n: 3\n', code: 'SRC_YAML_INVALID_KEY', at: '1:3' },
  ];
  for (const row of rows) {
    let r;
    assert.doesNotThrow(() => {
      r = parseYaml(row.text);
    }, row.name);
    const res = r as unknown as ReturnType<typeof parseYaml>;
    const hit = res.report.issues.find((i) => i.code === row.code);
    assert.ok(
      hit,
      `${row.name}: wanted ${row.code}, got ${res.report.issues.map((i) => i.code).join(', ') || 'nothing'}`,
    );
    assert.equal(pos(hit), row.at, `${row.name}: position`);
    assert.equal(hit.severity, 'error', row.name);
    if (row.path !== undefined) assert.deepEqual(hit.path, row.path, `${row.name}: path`);
    if (row.message !== undefined) assert.match(hit.message, row.message, row.name);
    assert.equal(res.value, undefined, `${row.name}: value must be undefined on errors`);
  }
});

test('parseYaml: an alias bomb stops quickly with SRC_YAML_ALIAS_LIMIT', () => {
  const levels = 'abcdefghi'.split('');
  let text = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let i = 1; i < levels.length; i++) {
    const prev = levels[i - 1] as string;
    text += `${levels[i]}: &${levels[i]} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
  }
  const t0 = performance.now();
  const r = parseYaml(text);
  const ms = performance.now() - t0;
  assert.ok(ms < 2000, `took ${ms} ms`);
  const hit = r.report.issues.find((i) => i.code === 'SRC_YAML_ALIAS_LIMIT');
  assert.ok(hit, r.report.issues.map((i) => i.code).join());
  assert.match(hit.message, /excessive aliasing/);
  assert.ok(hit.range !== undefined && hit.range.start.line >= 2, pos(hit));
  assert.equal(r.value, undefined);
});

test('parseYaml: a deep alias chain is limited too', () => {
  // Each level doubles the expansion: 2^40 nodes if expanded naively.
  let text = 'l0: &l0 [x, x]\n';
  for (let i = 1; i <= 40; i++) text += `l${i}: &l${i} [*l${i - 1}, *l${i - 1}]\n`;
  const t0 = performance.now();
  const r = parseYaml(text);
  assert.ok(performance.now() - t0 < 2000);
  assert.ok(r.report.issues.some((i) => i.code === 'SRC_YAML_ALIAS_LIMIT'));
});

test('parseYaml: moderate alias use is fine', () => {
  const r = parseYaml('base: &b {mode: 0644, user: core}\nfiles:\n  - *b\n  - *b\n  - <<: *b\n    mode: 0600\n');
  assert.deepEqual(r.report.issues, []);
  assert.deepEqual(r.value, {
    base: { mode: 420, user: 'core' },
    files: [
      { mode: 420, user: 'core' },
      { mode: 420, user: 'core' },
      { mode: 384, user: 'core' },
    ],
  });
});

test('parseYaml: input over the size limit is rejected without parsing', () => {
  const big = 'a'.repeat(200 * 1024 * 1024);
  const t0 = performance.now();
  const r = parseYaml(big);
  const ms = performance.now() - t0;
  assert.ok(ms < 500, `took ${ms} ms`);
  assert.equal(r.report.issues.length, 1);
  const [hit] = r.report.issues;
  assert.equal(hit?.code, 'SRC_INPUT_TOO_LARGE');
  assert.equal(pos(hit as never), '1:1');
  assert.match(hit?.message ?? '', /64 MiB/);
  assert.equal(r.value, undefined);

  const small = parseYaml('a: 1234567890\n', { maxBytes: 8 });
  assert.equal(small.report.issues[0]?.code, 'SRC_INPUT_TOO_LARGE');
  assert.match(small.report.issues[0]?.message ?? '', /8 bytes/);
  // The limit counts UTF-8 bytes: 4 two-byte characters are 8 bytes.
  assert.deepEqual(parseYaml('éééé', { maxBytes: 8 }).report.issues, []);
  assert.equal(parseYaml('ééééé', { maxBytes: 8 }).report.issues[0]?.code, 'SRC_INPUT_TOO_LARGE');
});

test('parseYaml: nesting deeper than maxDepth is an issue, not a stack overflow', () => {
  const flow = '['.repeat(5000) + ']'.repeat(5000);
  const r = parseYaml(flow);
  const hit = r.report.issues.find((i) => i.code === 'SRC_NESTING_TOO_DEEP');
  assert.ok(hit);
  assert.equal(pos(hit), '1:1001');
  assert.deepEqual(parseYaml('[[[[1]]]]', { maxDepth: 4 }).report.issues, []);
  assert.equal(parseYaml('[[[[1]]]]', { maxDepth: 3 }).report.issues[0]?.code, 'SRC_NESTING_TOO_DEEP');
  let block = '';
  for (let i = 0; i < 3000; i++) block += `${' '.repeat(i)}k:\n`;
  assert.equal(parseYaml(block).report.issues[0]?.code, 'SRC_NESTING_TOO_DEEP');
});

test('parseYaml: more than one document: first is used; warn, ignore or error', () => {
  const text = 'a: 1\n---\nb: 2\n';
  const warn = parseYaml(text);
  assert.deepEqual(warn.value, { a: 1 });
  assert.equal(warn.report.issues[0]?.code, 'SRC_YAML_MULTIPLE_DOCUMENTS');
  assert.equal(warn.report.issues[0]?.severity, 'warning');
  assert.equal(pos(warn.report.issues[0] as never), '2:1');
  assert.deepEqual(parseYaml(text, { multiDocument: 'ignore' }).report.issues, []);
  const err = parseYaml(text, { multiDocument: 'error' });
  assert.equal(err.report.issues[0]?.severity, 'error');
  assert.equal(err.value, undefined);
  // Later documents are not parsed for errors (go-yaml reads only the first).
  assert.deepEqual(parseYaml('a: 1\n---\nb: [\n', { multiDocument: 'ignore' }).report.issues, []);
});

test('parseYaml: merge keys follow go-yaml: explicit keys win, then earlier maps', () => {
  const r = parseYaml('one: &one {a: 1, b: 1}\ntwo: &two {b: 2, c: 2}\nm:\n  <<: [*one, *two]\n  c: 3\n');
  assert.deepEqual(r.report.issues, []);
  assert.deepEqual((r.value as Record<string, unknown>).m, { c: 3, a: 1, b: 1 });
  const b = r.index.get(['m', 'b']);
  assert.equal(b?.range.start.line, 1, 'merged value points at its definition');
  assert.equal(b?.aliasRange?.start.line, 4, 'aliasRange points at the alias');
  const nested = parseYaml('a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b}\n');
  assert.deepEqual((nested.value as Record<string, unknown>).c, { y: 2, x: 1 });
  const quoted = parseYaml('"<<": {a: 1}\n');
  assert.deepEqual(quoted.value, { '<<': { a: 1 } });
});

test('parseYaml: never throws on odd inputs', () => {
  const odd = [
    '\uFEFFa: 1',
    '? \n: x',
    ': x',
    '- - - \n  -\n:\n',
    '&a',
    '*a',
    '!!map',
    '!<tag:yaml.org,2002:str> 1',
    '%TAG ! tag:example.com,2000:\n--- !foo 1',
    '\ud800',
    'a: &',
    '"\\',
    '[{]}',
    '}}}]]]::::,,,@@@``%%%',
    'a: !!int',
    'a: !!binary',
    '<<: *x',
    '<<: {a: 1}\nb: 2',
  ];
  for (const text of odd) {
    assert.doesNotThrow(() => parseYaml(text), JSON.stringify(text));
    const r = parseYaml(text);
    for (const i of r.report.issues) {
      assert.ok(i.code.startsWith('SRC_'), i.code);
      assert.ok(i.range !== undefined, `${JSON.stringify(text)}: ${i.code} has no range`);
    }
  }
});

test("parseYaml: a stream that begins with the end marker '...' has no node content (go-yaml), at the marker", () => {
  const rows: [string, string][] = [
    ['...\n', '1:1'],
    ['...', '1:1'],
    ['\n...\n', '2:1'],
    ['# c\n\n... # x\npasswd: {}\n', '3:1'],
    ['\uFEFF...\n', '1:2'],
  ];
  for (const [text, at] of rows) {
    const r = parseYaml(text);
    const i = r.report.issues[0];
    assert.equal(i?.code, 'SRC_YAML_NO_NODE_CONTENT', JSON.stringify(text));
    assert.equal(i?.message, 'did not find expected node content');
    assert.equal(pos(i!), at, JSON.stringify(text));
    assert.equal(r.empty, false);
  }
  // Not the case: an explicit document, content before it, an indented or longer scalar.
  for (const text of ['---\n...\n', 'a: 1\n...\n', ' ...\n', '...x\n', '....\n']) {
    assert.ok(!parseYaml(text).report.issues.some((i) => i.code === 'SRC_YAML_NO_NODE_CONTENT'), JSON.stringify(text));
  }
});
