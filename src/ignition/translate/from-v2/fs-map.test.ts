import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFsMap } from './index.js';

test('parseFsMap: each malformed line comes with its number and reason apart from the message', () => {
  const r = parseFsMap('root /\nbad\nok /mnt\n two\n');
  assert.equal(r.map, undefined);
  assert.deepEqual(r.problems, [
    { line: 2, reason: `malformed fsmap line "bad": needs 'name path' separated by one space` },
    { line: 4, reason: `malformed fsmap line " two": needs 'name path' separated by one space` },
  ]);
  assert.deepEqual(
    r.report.issues.map((i) => i.message),
    r.problems!.map((p) => `line ${p.line}: ${p.reason}`),
  );
});

test('parseFsMap: past ten bad lines, the rest is one count without a line', () => {
  const r = parseFsMap(Array.from({ length: 13 }, () => 'x').join('\n'));
  assert.equal(r.problems?.length, 11);
  assert.deepEqual(r.problems?.[10], { reason: '3 more malformed fsmap lines' });
  assert.equal(r.report.issues[10]?.message, '3 more malformed fsmap lines');
  assert.equal(parseFsMap('a /b\n').problems, undefined);
});
