import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO } from '../helpers/hull.js';

const SCRIPT = join(REPO, 'scripts/setup-system');
const dir = mkdtempSync(join(tmpdir(), 'hull-setup-'));
chmodSync(dir, 0o755);
after(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the script whose list also names a package that does not exist. */
function scriptMissingOne(): string {
  const text = readFileSync(SCRIPT, 'utf8').replace(/^PACKAGES=\(\n/m, 'PACKAGES=(\n  hull-no-such-package\n');
  assert.match(text, /hull-no-such-package/);
  const copy = join(dir, 'setup-system');
  writeFileSync(copy, text, { mode: 0o755 });
  return copy;
}

describe('scripts/setup-system', () => {
  test('with every package present it only says so (npm test ran it first)', () => {
    const r = spawnSync(SCRIPT, [], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^setup-system: all \d+ Debian packages present$/m);
  });

  test('--check names what is missing and the command, installs nothing', () => {
    const r = spawnSync(scriptMissingOne(), ['--check'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^setup-system: missing: hull-no-such-package$/m);
    assert.match(r.stdout, /apt-get install -y --no-install-recommends hull-no-such-package$/m);
  });

  test('not root: fails with exit 3 and the exact apt-get command', () => {
    const script = scriptMissingOne();
    // As root, run the copy as `nobody`; otherwise we are not root already.
    const r =
      process.getuid?.() === 0
        ? spawnSync('runuser', ['-u', 'nobody', '--', script], { encoding: 'utf8' })
        : spawnSync(script, [], { encoding: 'utf8' });
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /^setup-system: missing Debian packages: hull-no-such-package$/m);
    assert.match(
      r.stderr,
      /^setup-system: run as root: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends hull-no-such-package$/m,
    );
  });
});
