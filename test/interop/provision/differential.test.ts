import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { CASES } from './cases.js';
import { buildBase, diffTrees, requireTools, runHull, runReal, workDir } from './harness.js';

// Hull and Debian's Ignition 2.14 apply the same config to the same base root:
// the trees (paths, types, modes, owners, contents, link targets, passwd/group/
// shadow/gshadow, sorted preset lines) and the verdicts must be equal.
let work = '';
let base = '';
before(() => {
  requireTools();
  work = workDir();
  base = buildBase(work);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('at least 25 differential cases', () => assert.ok(Object.keys(CASES).length >= 25));

for (const [name, config] of Object.entries(CASES)) {
  test(`differential: ${name}`, async () => {
    const hull = await runHull(work, base, name, config);
    const real = runReal(work, base, name, config);
    const diff = diffTrees(hull.tree, real.tree);
    assert.deepEqual(diff, [], `trees differ:\n${diff.join('\n')}\nreal log tail:\n${real.log.slice(-1500)}\nhull: ${hull.log}`);
    assert.equal(hull.ok, real.ok, `verdicts differ: hull ${hull.ok}, real ${real.ok}\nreal log tail:\n${real.log.slice(-1500)}\nhull: ${hull.log}`);
  });
}
