import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
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

function lba0(path: string, length = 512): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, 0);
    return buf;
  } finally {
    closeSync(fd);
  }
}

test("hull cgpt boot gives the same PMBR bytes and output as Debian's cgpt boot", () => {
  const a = join(dir, 'boot-a.img');
  const b = join(dir, 'boot-b.img');
  assert.equal(runHull(['disk', 'create', a, '--size', '8GiB']).status, 0);
  assert.equal(spawnSync('cp', ['--sparse=always', a, b]).status, 0); // copyFileSync would write all 8 GiB
  const code = join(dir, 'boot.bin');
  writeFileSync(code, Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7 + 3) & 0xff)));
  const steps = [[], ['-i', '3'], ['-p', '-b', code], ['-i', '9'], ['-i', '4'], []];
  for (const args of steps) {
    const theirs = tool('cgpt', ['boot', ...args, a]);
    const ours = runHull(['cgpt', 'boot', ...args, b]);
    assert.equal(ours.status, theirs.status, args.join(' '));
    assert.equal(ours.stdout, theirs.stdout, args.join(' '));
    assert.deepEqual(lba0(b), lba0(a), `LBA 0 after boot ${args.join(' ')}`);
  }
  // the boot code and boot GUID survive a later table change by Hull
  const before = lba0(b, 446);
  assert.equal(runHull(['cgpt', 'add', '-i', '4', '-P', '2', '-T', '1', '-S', '0', b]).status, 0);
  assert.equal(runHull(['disk', 'rollback', b]).status, 0);
  assert.deepEqual(lba0(b, 446), before);
  assert.match(tool('sgdisk', ['-v', b]).stdout, /No problems found/);
  const big = runHull(['cgpt', 'boot', '-i', '200', b]);
  assert.equal(big.status, 2);
  assert.match(big.stderr, /invalid partition number: 200/);
});
