import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { CASES, FLATCAR_CASES } from './cases.js';
import { buildBase, buildFlatcarBase, diffTrees, requireTools, runHull, runReal, workDir } from './harness.js';

// Hull and Debian's Ignition 2.14 apply the same config to the same base root:
// the trees (paths, types, modes, owners, contents, link targets, passwd/group/
// shadow/gshadow, sorted preset lines) and the verdicts must be equal.
let work = '';
let base = '';
let flatcarBase = '';
before(async () => {
  requireTools();
  work = workDir();
  base = buildBase(work);
  flatcarBase = await buildFlatcarBase(work);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('at least 25 differential cases', () => assert.ok(Object.keys(CASES).length >= 25));

const all = [
  ...Object.entries(CASES).map(([n, c]) => [n, c, () => base] as const),
  ...Object.entries(FLATCAR_CASES).map(([n, c]) => [n, c, () => flatcarBase] as const),
];
for (const [name, config, baseOf] of all) {
  test(`differential: ${name}${name in FLATCAR_CASES ? ' (on the Flatcar base files of a fresh image ROOT)' : ''}`, async () => {
    const hull = await runHull(work, baseOf(), name, config);
    const real = runReal(work, baseOf(), name, config);
    const diff = diffTrees(hull.tree, real.tree);
    assert.deepEqual(
      diff,
      [],
      `trees differ:\n${diff.join('\n')}\nreal log tail:\n${real.log.slice(-1500)}\nhull: ${hull.log}`,
    );
    assert.equal(
      hull.ok,
      real.ok,
      `verdicts differ: hull ${hull.ok}, real ${real.ok}\nreal log tail:\n${real.log.slice(-1500)}\nhull: ${hull.log}`,
    );
    // On the Flatcar base both engines must succeed (a fresh image's users stage works).
    if (name in FLATCAR_CASES) assert.equal(real.ok, true, real.log.slice(-1500));
    if (name === 'flatcar-core-user') {
      assert.match(
        real.tree.get('/home/core/.ssh/authorized_keys.d/ignition') ?? '',
        /^file 600 500:500 "ssh-ed25519 /,
      );
      assert.match(real.tree.get('/etc/shadow') ?? '', /core:\$6\$rounds=4096\$saltsalt\$/);
      assert.match(real.tree.get('/etc/group') ?? '', /sudo:x:150:core\\ndocker:x:233:core/);
    }
  });
}
