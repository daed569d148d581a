import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { doorExports, SNAPSHOT } from '../../scripts/door-exports.js';
import { REPO } from '../helpers/hull.js';

// What each area offers the others (its index.ts, scripts/check-layers.ts) is
// part of its design: a name added, removed or turned into a type shows here,
// and the snapshot is updated on purpose (`npx tsx scripts/door-exports.ts --write`).
test('every door of src/ exports the names of the committed snapshot', () => {
  const snapshot = JSON.parse(readFileSync(join(REPO, SNAPSHOT), 'utf8')) as Record<string, string[]>;
  const now = doorExports(REPO);
  assert.deepEqual(Object.keys(now), Object.keys(snapshot), 'the set of doors changed');
  for (const [door, names] of Object.entries(now)) {
    const was = new Set(snapshot[door]);
    const is = new Set(names);
    const added = names.filter((n) => !was.has(n));
    const removed = snapshot[door]!.filter((n) => !is.has(n));
    assert.deepEqual(
      { added, removed },
      { added: [], removed: [] },
      `${door} changed its exports; if on purpose, run: npx tsx scripts/door-exports.ts --write`,
    );
  }
});
