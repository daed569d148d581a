import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Range } from '../core/index.js';
import { LineMap, parseJson, parseYaml, SourceIndex } from './index.js';

const at = (r: Range | undefined): string =>
  r === undefined ? '-' : `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;

const YAML = [
  'storage:', //                         1
  '  files:', //                         2
  '    - path: /etc/hostname', //        3
  '      mode: 0644', //                 4
  '      contents:', //                  5
  '        inline: |', //                6
  '          node1', //                  7
  '    - path: "/etc/motd"', //          8
  '      mode: !!int "420"', //          9
  '      user: &u {name: core}', //     10
  '    - path: x', //                   11
  '      user: *u', //                  12
  '      empty:', //                    13
  '',
].join('\n');

test('YAML index: key and value ranges, text, style and tag of every path', () => {
  const { index, report } = parseYaml(YAML);
  assert.deepEqual(report.issues, []);
  const rows: Array<[unknown[], string, string, string | undefined, string | undefined, string | undefined]> = [
    // path, value range, key range, text, style, tag
    [[], '1:1-13:13', '-', undefined, undefined, undefined],
    [['storage'], '2:3-13:13', '1:1-1:8', undefined, undefined, undefined],
    [['storage', 'files'], '3:5-13:13', '2:3-2:8', undefined, undefined, undefined],
    [['storage', 'files', 0], '3:7-8:1', '-', undefined, undefined, undefined],
    [['storage', 'files', 0, 'path'], '3:13-3:26', '3:7-3:11', '/etc/hostname', 'plain', undefined],
    [['storage', 'files', 0, 'mode'], '4:13-4:17', '4:7-4:11', '0644', 'plain', undefined],
    [['storage', 'files', 0, 'contents', 'inline'], '6:17-8:1', '6:9-6:15', 'node1\n', 'literal', undefined],
    [['storage', 'files', 1, 'path'], '8:13-8:24', '8:7-8:11', '/etc/motd', 'double-quoted', undefined],
    [['storage', 'files', 1, 'mode'], '9:13-9:24', '9:7-9:11', '420', 'double-quoted', '!!int'],
    [['storage', 'files', 1, 'user'], '10:13-10:28', '10:7-10:11', undefined, undefined, undefined],
    [['storage', 'files', 1, 'user', 'name'], '10:23-10:27', '10:17-10:21', 'core', 'plain', undefined],
    [['storage', 'files', 2, 'user', 'name'], '10:23-10:27', '10:17-10:21', 'core', 'plain', undefined],
    [['storage', 'files', 2, 'empty'], '13:13-13:13', '13:7-13:12', '', 'plain', undefined],
  ];
  for (const [path, value, key, text, style, tag] of rows) {
    const e = index.get(path as never);
    assert.ok(e, `missing ${JSON.stringify(path)}`);
    assert.equal(at(e.range), value, `${JSON.stringify(path)} value`);
    assert.equal(at(e.keyRange), key, `${JSON.stringify(path)} key`);
    assert.equal(e.text, text, `${JSON.stringify(path)} text`);
    assert.equal(e.style, style, `${JSON.stringify(path)} style`);
    assert.equal(e.tag, tag, `${JSON.stringify(path)} tag`);
    assert.equal(e.syntax, 'yaml');
  }
  assert.equal(index.get(['storage', 'files', 1, 'user'])?.anchor, 'u');
  assert.equal(at(index.get(['storage', 'files', 2, 'user'])?.aliasRange), '12:13-12:15');
  assert.equal(index.get(['storage', 'files', 1, 'user'])?.aliasRange, undefined);
  assert.equal(index.slice(index.get(['storage', 'files', 1, 'mode'])!.range), '!!int "420"');
  assert.equal(index.slice(index.get(['storage', 'files', 1, 'user'])!.range), '&u {name: core}');
});

test('index lookups: get, has, nearest, children, entries', () => {
  const { index } = parseYaml('a:\n  z: 1\n  b: [x, y]\n  m: 2\n');
  assert.equal(index.has(['a', 'b', 1]), true);
  assert.equal(index.has(['a', 'b', '1']), true, 'numeric strings index sequences');
  assert.equal(index.has(['a', 'b', '01']), false);
  assert.equal(index.has(['a', 'b', 2]), false);
  assert.equal(index.has(['a', 'z', 'deeper']), false);
  assert.deepEqual(index.nearest(['a', 'missing', 'x'])?.entry.path, ['a']);
  assert.equal(index.nearest(['a', 'missing', 'x'])?.depth, 1);
  assert.equal(index.nearest(['a', 'b', 0])?.depth, 3);
  assert.deepEqual(
    index.children(['a']).map((e) => e.path.at(-1)),
    ['z', 'b', 'm'],
    'mapping members in source order',
  );
  assert.deepEqual(
    [...index.entries()].map((e) => e.path.join('.')),
    ['', 'a', 'a.z', 'a.b', 'a.b.0', 'a.b.1', 'a.m'],
  );
  const numericKeys = parseYaml('1: a\n2: b\n').index;
  assert.equal(numericKeys.get([1])?.text, 'a', 'numbers find numeric-looking keys');
  assert.equal(SourceIndex.empty('x').nearest(['a']), undefined);
});

test('YAML index: properties on their own line, comments between', () => {
  const text = 'a: &x # anchor here\n  !!map\n  k: v\nb: !!str\n  # c\n  text\n';
  const { index, report } = parseYaml(text);
  assert.deepEqual(report.issues, []);
  assert.equal(at(index.get(['a'])?.range).split('-')[0], '1:4');
  assert.equal(at(index.get(['b'])?.range).split('-')[0], '4:4');
  assert.equal(index.get(['b'])?.tag, '!!str');
});

test('JSON index: key and value ranges, decoded text', () => {
  const text = '{\n  "ignition": {"version": "3.0.0"},\n  "storage": {"files": [{"path": "a\\u00e9", "mode": 420}]}\n}';
  const { index, report } = parseJson(text);
  assert.deepEqual(report.issues, []);
  const rows: Array<[unknown[], string, string, string | undefined]> = [
    [[], '1:1-4:2', '-', undefined],
    [['ignition'], '2:15-2:35', '2:3-2:13', undefined],
    [['ignition', 'version'], '2:27-2:34', '2:16-2:25', '3.0.0'],
    [['storage', 'files', 0], '3:25-3:57', '-', undefined],
    [['storage', 'files', 0, 'path'], '3:34-3:43', '3:26-3:32', 'aé'],
    [['storage', 'files', 0, 'mode'], '3:53-3:56', '3:45-3:51', '420'],
  ];
  for (const [path, value, key, decoded] of rows) {
    const e = index.get(path as never);
    assert.ok(e, JSON.stringify(path));
    assert.equal(at(e.range), value, `${JSON.stringify(path)} value`);
    assert.equal(at(e.keyRange), key, `${JSON.stringify(path)} key`);
    assert.equal(e.text, decoded);
    assert.equal(e.syntax, 'json');
  }
  assert.equal(index.get(['storage', 'files', 0, 'path'])?.style, 'double-quoted');
  assert.equal(index.get(['storage', 'files', 0, 'mode'])?.style, 'plain');
});

test('LineMap: positions count code points and lines end at \\n', () => {
  const text = 'ab\r\n😀x\n\ny';
  const m = new LineMap(text);
  const rows: Array<[number, string]> = [
    [0, '1:1'],
    [2, '1:3'], // the \r belongs to line 1
    [4, '2:1'],
    [5, '2:1'], // inside the surrogate pair: moved to its start
    [6, '2:2'],
    [7, '2:3'],
    [8, '3:1'],
    [9, '4:1'],
    [10, '4:2'],
    [99, '4:2'],
    [-5, '1:1'],
    [NaN, '1:1'],
  ];
  for (const [offset, want] of rows) {
    const p = m.positionAt(offset);
    assert.equal(`${p.line}:${p.column}`, want, `offset ${offset}`);
  }
  assert.equal(m.positionAt(5).offset, 4);
  assert.equal(m.offsetAt(2, 2), 6);
  assert.equal(m.offsetAt(2, 99), 7);
  assert.equal(m.offsetAt(9, 1), text.length);
  assert.equal(m.lineText(2), '😀x');
  assert.equal(m.lineCount, 4);
  const r = m.rangeAt(9, 2);
  assert.equal(r.start.offset, 2, 'reversed ranges are swapped');
});
