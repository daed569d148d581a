import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeFast } from './yaml-fast.js';

// Which texts take the fast path; test/source/yaml-fast.test.ts checks that those give what the full way gives.
test('composeFast takes block maps and sequences of simple keys, one-line scalars, literal scalars, flow sequences', () => {
  const taken = [
    'a:\n  b: c\n  d: "e\\n"\n  f: [ "g", h, -i ]\n# c\nl:\n- m\n- n: o\n  p: \'q\'\n',
    'variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /a\n      contents:\n        inline: |\n          x\n\n          y\n',
    'k: |-\n  x\n',
  ];
  for (const t of taken) assert.notEqual(composeFast(t, 1000), undefined, t);
});

test('composeFast leaves everything else to the full way', () => {
  const left = [
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: >\n  folded\n',
    'a: |+\n  keep\n',
    'a: |2\n  x\n',
    'a:\n\tb: 1\n',
    'a: 1\r\n',
    'a: {b: c}\n',
    'a: "\\x41"\n',
    'a: b\n  c\n',
    'a:\n',
    '---\na: 1\n',
    '%YAML 1.1\n---\na: 1\n',
    '"a": 1\n',
    'a b: 1\n',
    '<<: {a: 1}\n',
    'a: [b,\n  c]\n',
    'a: 1\n b: 2\n',
    'just a scalar\n',
    '# only a comment\n',
    '',
  ];
  for (const t of left) assert.equal(composeFast(t, 1000), undefined, JSON.stringify(t));
});

test('composeFast stays below the depth limit (the full way reports it)', () => {
  let t = '';
  for (let i = 0; i < 30; i++) t += `${' '.repeat(i)}k:\n`;
  t += `${' '.repeat(30)}k: v\n`;
  assert.notEqual(composeFast(t, 1000), undefined);
  assert.equal(composeFast(t, 20), undefined);
});
