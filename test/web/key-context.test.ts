import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonKeyContext, yamlKeyContext } from '../../web/src/key-context.js';

/** The text without its `^`, and the cursor where the `^` was. */
const at = (s: string): [string, number] => [s.replace('^', ''), s.indexOf('^')];

test('YAML: the mapping of the key at the cursor, through lists, blocks and comments', () => {
  const rows: [string, (string | number)[] | undefined, string?, string[]?][] = [
    ['st^', [], 'st', []],
    ['variant: fcos\nversion: 1.5.0\nst^', [], 'st', ['version', 'variant']],
    ['storage:\n  files:\n    - path: /a\n      mo^', ['storage', 'files', 0], 'mo', ['path']],
    // list items at the key's own column; siblings below the cursor count too
    ['passwd:\n  users:\n  - name: core\n    ss^\n    groups: []\n', ['passwd', 'users', 0], 'ss', ['name', 'groups']],
    // a new item's first key
    ['passwd:\n  users:\n    - ^', ['passwd', 'users', 0], '', []],
    // nested lists and an item whose dash stands alone on its line
    ['a:\n  - - b: 1\n      c^', ['a', 0, 0], 'c', ['b']],
    ['a:\n  -\n    b^', ['a', 0], 'b', []],
    // a block scalar and comments in between; a deeper sibling is skipped
    [
      'storage:\n  files:\n    - path: /a\n      contents:\n        inline: |\n          hello\n      # note\n\n      mo^',
      ['storage', 'files', 0],
      'mo',
      ['contents', 'path'],
    ],
    ['x:  # a comment\n  y: &anchor\n    z^', ['x', 'y'], 'z', []],
    ['"quoted key":\n  k^', ['quoted key'], 'k', []],
    // after a document start, only that document counts
    ['a:\n  b: 1\n---\nc^', [], 'c', []],
    // no place for a key
    ['storage:\n  files:\n    - path: /a\n      contents:\n        inline: |\n          hel^', undefined],
    ['a: b\n  c^', undefined],
    ['a: ^', undefined],
    ['a: [x, ^', undefined],
    ['a:\n  - x\n    y^', undefined],
  ];
  for (const [text, path, prefix, existing] of rows) {
    const got = yamlKeyContext(...at(text));
    if (path === undefined) {
      assert.equal(got, undefined, JSON.stringify(text));
      continue;
    }
    assert.ok(got !== undefined, JSON.stringify(text));
    assert.deepEqual(got.path, path, JSON.stringify(text));
    assert.equal(got.prefix, prefix);
    assert.deepEqual([...got.existing].sort(), [...existing!].sort(), JSON.stringify(text));
    assert.equal(got.from, text.indexOf('^') - prefix!.length);
  }
  assert.equal(yamlKeyContext(...at('storage:\n  files:\n    - path: /a\n      mo^'))!.column, 6);
});

test('JSON: the object of the key at the cursor, in a string or between members', () => {
  const rows: [string, (string | number)[] | undefined, string?, boolean?, string[]?][] = [
    ['{"ign^', [], 'ign', true, []],
    ['{"ignition": {"version": "3.4.0"}, ^', [], '', false, ['ignition']],
    [
      '{"ignition": {"version": "3.4.0"}, "storage": {"files": [{"path": "/a", "mo^',
      ['storage', 'files', 0],
      'mo',
      true,
      ['path'],
    ],
    [
      '{"ignition": {"version": "3.4.0"}, "storage": {"files": [{"path": "/a", "mo^"}]}}',
      ['storage', 'files', 0],
      'mo',
      true,
      ['path'],
    ],
    ['{"a": {"b\\"c": {^', ['a', 'b"c'], '', false, []],
    ['{"a": [[{"x": 1}, {^', ['a', 0, 0], '', false, []],
    ['{"a": "{\\"not\\": [", "b": {"c^', ['b'], 'c', true, []],
    // values are not keys
    ['{"ignition": {"version": "3.^', undefined],
    ['{"a": ^', undefined],
    ['{"a": [^', undefined],
    ['^', undefined],
  ];
  for (const [text, path, prefix, inString, existing] of rows) {
    const got = jsonKeyContext(...at(text));
    if (path === undefined) {
      assert.equal(got, undefined, text);
      continue;
    }
    assert.ok(got !== undefined, text);
    assert.deepEqual(got.path, path, text);
    assert.equal(got.prefix, prefix, text);
    assert.equal(got.inString, inString, text);
    assert.deepEqual(got.existing, existing, text);
    assert.equal(got.from, text.indexOf('^') - prefix!.length, text);
  }
});
