/**
 * Butane's gzip data URLs, byte for byte: for every golden case whose
 * recorded butane 0.29.0 output holds a gzip data URL (base64 of a gzip
 * stream starts `H4sI`), `hull butane` writes exactly the same stdout bytes —
 * no decompression, no normalizing — so moving a Terraform or Typhoon setup
 * from butane to hull changes no user-data hash. The `gzip-*` cases
 * (inline contents around the size where gzip starts to win, a unit file,
 * 20 KB of text, `local` files of 150 KB text, 72 KB mixed binary and 4 KB
 * random bytes, `append`, a `trees` directory, an inline merged config) were
 * recorded for this; see test/fixtures/butane/README.md. Needs
 * `node scripts/build.mjs`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HULL_BIN, assertBuilt } from '../helpers/hull.js';
import { goldenCases } from './golden-cases.js';

const withGzip = goldenCases().filter((c) =>
  /data:;base64,H4sI/.test(readFileSync(join(c.dir, 'expected.stdout'), 'latin1')),
);

test('the gzip golden cases are there (the four gzip-* cases and those of the general corpus)', () => {
  const names = withGzip.map((c) => c.name);
  for (const n of [
    'gzip-inline-sizes',
    'gzip-local-files',
    'gzip-tree',
    'gzip-merge-inline',
    'data-url-gzip',
    'fcos-grub-users',
  ])
    assert.ok(names.includes(n), n);
  assert.ok(withGzip.length >= 6, `${withGzip.length} cases`);
});

for (const c of withGzip) {
  test(`raw stdout of ${c.name} equals butane 0.29.0's`, () => {
    assertBuilt();
    const r = spawnSync(process.execPath, [HULL_BIN, 'butane', ...c.args], {
      cwd: c.dir,
      input: c.stdin ?? '',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 60_000,
    });
    const want = readFileSync(join(c.dir, 'expected.stdout'));
    assert.equal(r.status, Number(readFileSync(join(c.dir, 'expected.status'), 'utf8').trim()), r.stderr.toString());
    assert.ok(
      Buffer.compare(r.stdout, want) === 0,
      `stdout bytes differ from butane's (${r.stdout.length} vs ${want.length} bytes)`,
    );
  });
}
