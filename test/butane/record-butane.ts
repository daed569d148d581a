/**
 * Records what the real butane does on every golden case: runs
 * `$BUTANE_BIN ARGS config.bu` in the case directory and writes
 * expected.stdout, expected.stderr and expected.status there.
 *
 * Usage: BUTANE_BIN=/path/to/butane-0.29.0 npx tsx test/butane/record-butane.ts [CASE…]
 *
 * Review the diff of the fixtures after recording. The golden test compares
 * Hull against these files; it does not need the binary.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenCases } from './golden-cases.js';

const bin = process.env.BUTANE_BIN;
if (bin === undefined || bin === '') {
  console.error(
    'BUTANE_BIN is not set: point it at a butane v0.29.0 binary (BUTANE_BIN=/path/to/butane npx tsx test/butane/record-butane.ts)',
  );
  process.exit(2);
}
const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
if (version.stdout.trim() !== 'Butane v0.29.0') {
  console.error(
    `BUTANE_BIN=${bin} is not butane v0.29.0 (it says: ${(version.stdout || version.stderr).trim() || version.error?.message})`,
  );
  process.exit(2);
}
const only = new Set(process.argv.slice(2));
let n = 0;
for (const c of goldenCases()) {
  if (only.size > 0 && !only.has(c.name)) continue;
  const r = spawnSync(bin, c.args, {
    cwd: c.dir,
    input: c.stdin ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  writeFileSync(join(c.dir, 'expected.stdout'), r.stdout);
  writeFileSync(join(c.dir, 'expected.stderr'), r.stderr);
  writeFileSync(join(c.dir, 'expected.status'), `${r.status ?? -1}\n`);
  n++;
}
console.log(`recorded ${n} cases`);
