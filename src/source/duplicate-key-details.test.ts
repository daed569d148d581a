import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYaml } from './index.js';

test('a duplicate key carries its key and the first line as details (the message is not parsed back)', () => {
  const r = parseYaml('a: 1\nb:\n  "x y": 1\n  c: 2\n  "x y": 3\na: 4\n');
  const dups = r.report.issues.filter((i) => i.code === 'SRC_YAML_DUPLICATE_KEY');
  assert.deepEqual(
    dups.map((i) => [i.path, i.details, i.message]),
    [
      [['a'], { key: 'a', firstLine: 1 }, 'mapping key "a" already defined at line 1'],
      [['b', 'x y'], { key: 'x y', firstLine: 3 }, 'mapping key "x y" already defined at line 3'],
    ],
  );
});
