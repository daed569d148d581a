import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runHull } from '../helpers/hull.js';
import { tool } from './tools.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-cgpt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test("hull cgpt add/show/prioritize/find agree with Debian's cgpt on the same image", () => {
  const img = join(dir, 'a.img');
  assert.equal(runHull(['disk', 'create', img, '--size', '8GiB']).status, 0);
  // Hull writes, Debian cgpt reads
  assert.equal(runHull(['cgpt', 'add', '-i', '4', '-S', '0', '-T', '1', '-P', '2', img]).status, 0);
  for (const f of ['-P', '-T', '-S', '-A', '-b', '-s', '-u', '-l', '-t']) {
    assert.equal(runHull(['cgpt', 'show', '-i', '4', f, img]).stdout, tool('cgpt', ['show', '-i', '4', f, img]).stdout, `show -i 4 ${f}`);
  }
  // Debian cgpt writes, Hull reads
  tool('cgpt', ['add', '-i', '3', '-P', '5', '-T', '0', '-S', '1', img]);
  assert.equal(runHull(['cgpt', 'show', '-i', '3', '-A', img]).stdout, '0x105\n');
  // prioritize 3 (seismograph semantics): groups {5:[3]}, {2:[4]} → 3 on top
  assert.equal(runHull(['cgpt', 'prioritize', '-i', '4', img]).status, 0);
  assert.equal(tool('cgpt', ['show', '-i', '4', '-P', img]).stdout.trim(), '2');
  assert.equal(tool('cgpt', ['show', '-i', '3', '-P', img]).stdout.trim(), '1');
  assert.equal(runHull(['cgpt', 'find', '-t', 'flatcar-usr', img]).stdout, tool('cgpt', ['find', '-t', '5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6', img]).stdout);
  assert.match(tool('sgdisk', ['-v', img]).stdout, /No problems found/);
});

test('hull cgpt add refuses an overlapping partition and writes nothing', () => {
  const img = join(dir, 'b.img');
  assert.equal(runHull(['disk', 'create', img, '--size', '8GiB']).status, 0);
  const r = runHull(['cgpt', 'add', '-b', '4096', '-s', '100', '-t', 'data', img]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /overlap/);
  assert.match(tool('sgdisk', ['-v', img]).stdout, /No problems found/);
});
