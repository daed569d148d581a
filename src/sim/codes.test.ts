import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SIM_ISSUE_CODES } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));

test('every SIM_ code used in src/sim is listed in SIM_ISSUE_CODES, and every listed code is used', () => {
  const used = new Set<string>();
  for (const f of readdirSync(here).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && n !== 'codes.ts')) {
    for (const m of readFileSync(join(here, f), 'utf8').matchAll(/'(SIM_[A-Z0-9_]+)'/g)) used.add(m[1]!);
  }
  assert.deepEqual([...used].sort(), Object.keys(SIM_ISSUE_CODES).sort());
});

test('docs/errors.md has one row per sim code, its meaning the summary', () => {
  const all = readFileSync(join(here, '..', '..', 'docs', 'errors.md'), 'utf8');
  const doc = all.slice(all.indexOf('### sim'));
  const rows = [...doc.matchAll(/^\| `(SIM_[A-Z0-9_]+)` \| error \| (.+) \|$/gm)];
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r[1], r[2]])), { ...SIM_ISSUE_CODES });
});
