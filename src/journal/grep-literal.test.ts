import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { requiredLiteral } from './grep-literal.js';

test('requiredLiteral: the longest word run every match needs, or none', () => {
  const rows: Array<[string, string | undefined]> = [
    ['segfault at', 'segfault'],
    ['error', 'error'],
    ['a|b', undefined],
    ['(disk|full) okay', 'okay'],
    ['dis?k full', 'full'],
    ['abcd*', 'abc'],
    ['abc{0,2}def', 'def'],
    ['ab+c', undefined],
    ['[abc]xyz\\.qq', 'xyz'],
    ['\\bword\\d+', 'word'],
    ['ünïcode', 'code'],
    ['', undefined],
    ['x\\', undefined],
  ];
  for (const [re, want] of rows) assert.equal(requiredLiteral(re), want, re);
});

test('requiredLiteral is sound: whatever the expression matches contains the literal (case-insensitively)', () => {
  const atom = fc.oneof(
    fc.constantFrom('a', 'b', 'c', 'ab', 'abc', 'x', ' ', '.', '\\.', '\\d', '[ab]', '(ab|c)', '(?:abc)', 'é'),
    fc.constantFrom('a?', 'b*', 'c+', 'a{1,2}', '(ab)?'),
  );
  const regex = fc.array(atom, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', ' ', '.', '1', 'é', 'A', 'B'), maxLength: 24 });
  fc.assert(
    fc.property(regex, fc.array(text, { minLength: 1, maxLength: 20 }), fc.boolean(), (source, texts, ci) => {
      const lit = requiredLiteral(source);
      if (lit === undefined) return;
      const re = new RegExp(source, ci ? 'i' : '');
      for (const t of texts)
        if (re.test(t))
          assert.ok(
            t.toLowerCase().includes(lit.toLowerCase()),
            `${source} matched ${JSON.stringify(t)} without ${lit}`,
          );
    }),
    { numRuns: 2000 },
  );
});
