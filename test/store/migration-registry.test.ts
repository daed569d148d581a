import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { MIGRATIONS } from '../../src/adapters/db/index.js';

const folder = fileURLToPath(new URL('../../src/adapters/db/migrations/', import.meta.url));
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .sort();

test('every file in migrations/ is registered once, in file-name order, under its file name', async () => {
  assert.deepEqual(
    MIGRATIONS.map((m) => `${m.name}.ts`),
    files,
    'migrations/index.ts must list exactly the migration files, in order',
  );
  for (const file of files) {
    const mod = (await import(new URL(file, `file://${folder}`).href)) as { migration?: { name?: unknown } };
    assert.equal(mod.migration?.name, file.replace(/\.ts$/, ''), `${file} exports migration.name = its file name`);
  }
});

test('migration names are NNNN_snake_name and numbered 0001, 0002, … without gaps', () => {
  MIGRATIONS.forEach((m, i) => {
    assert.match(m.name, /^[0-9]{4}_[a-z0-9_]+$/);
    assert.equal(Number(m.name.slice(0, 4)), i + 1, `${m.name} is number ${i + 1}`);
  });
});

test('0001_meta is first: the store itself needs hull_meta', () => {
  assert.equal(MIGRATIONS[0]?.name, '0001_meta');
});
