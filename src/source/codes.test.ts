import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SOURCE_ISSUE_CODES } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

test('every code used in src/source is listed in SOURCE_ISSUE_CODES, and every listed code is used', () => {
  const used = new Set<string>();
  for (const f of sources) {
    if (f === 'codes.ts') continue;
    for (const m of readFileSync(join(here, f), 'utf8').matchAll(/'(SRC_[A-Z0-9_]+)'/g)) used.add(m[1] as string);
  }
  const listed = Object.keys(SOURCE_ISSUE_CODES);
  for (const code of used) assert.ok(listed.includes(code), `${code} is emitted but not in SOURCE_ISSUE_CODES`);
  for (const code of listed) assert.ok(used.has(code), `${code} is listed but never emitted`);
  for (const code of listed) assert.match(code, /^SRC_[A-Z][A-Z0-9_]*$/);
});

test('docs/errors.md has one row per source code, its meaning the summary', () => {
  const all = readFileSync(join(here, '..', '..', 'docs', 'errors.md'), 'utf8');
  const doc = all.slice(all.indexOf('### source'));
  const rows = [...doc.matchAll(/^\| `(SRC_[A-Z0-9_]+)` \| (error|warning|info) \| (.+) \|$/gm)];
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r[1], r[3]])), { ...SOURCE_ISSUE_CODES });
});
