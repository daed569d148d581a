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
    assert.equal(
      runHull(['cgpt', 'show', '-i', '4', f, img]).stdout,
      tool('cgpt', ['show', '-i', '4', f, img]).stdout,
      `show -i 4 ${f}`,
    );
  }
  // Debian cgpt writes, Hull reads
  tool('cgpt', ['add', '-i', '3', '-P', '5', '-T', '0', '-S', '1', img]);
  assert.equal(runHull(['cgpt', 'show', '-i', '3', '-A', img]).stdout, '0x105\n');
  // prioritize 3 (seismograph semantics): groups {5:[3]}, {2:[4]} → 3 on top
  assert.equal(runHull(['cgpt', 'prioritize', '-i', '4', img]).status, 0);
  assert.equal(tool('cgpt', ['show', '-i', '4', '-P', img]).stdout.trim(), '2');
  assert.equal(tool('cgpt', ['show', '-i', '3', '-P', img]).stdout.trim(), '1');
  assert.equal(
    runHull(['cgpt', 'find', '-t', 'flatcar-usr', img]).stdout,
    tool('cgpt', ['find', '-t', '5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6', img]).stdout,
  );
  assert.match(tool('sgdisk', ['-v', img]).stdout, /No problems found/);
});

// The documented differences of `hull cgpt show` from Debian's cgpt (docs/disk.md), as
// Flatcar's cgpt (seismograph) prints them: the CoreOS type names, an Attr line for usr
// partitions, seismograph's words for the legacy-boot bit and no trailing blank.
const SEISMOGRAPH_TYPES: Record<string, string> = {
  '5DFBF5F4-2848-4BAC-AA5E-0D9A20B745A6': 'CoreOS rootfs',
  '3884DD41-8582-4404-B9A8-E9B84F2DF50E': 'CoreOS auto-resize',
  'C95DC21A-DF0E-4340-8D7B-26CBFA9A03E0': 'CoreOS reserved',
  'BE9067B9-EA49-4F15-B4F6-F36F8C9E1818': 'CoreOS RAID containing root',
};
function asDocumented(debian: string, attrs: (n: number) => string): string {
  const out: string[] = [];
  let part = 0;
  let usr = false;
  for (const line of debian.split('\n')) {
    const head = /^ {0,11}\d+ +\d+ +(\d+)  Label:/.exec(line);
    if (head) part = Number(head[1]);
    const type = /^( {34}Type: )([0-9A-F-]{36})$/.exec(line);
    if (type) usr = type[2] === '5DFBF5F4-2848-4BAC-AA5E-0D9A20B745A6';
    out.push(
      type && SEISMOGRAPH_TYPES[type[2]!]
        ? `${type[1]}${SEISMOGRAPH_TYPES[type[2]!]}`
        : line
            .replace(/^( {34}Attr: )legacy_boot=1 $/, '$1Legacy BIOS Bootable')
            .replace(/^( {34}Attr: priority=.*) $/, '$1'),
    );
    if (/^ {34}UUID: /.test(line) && usr) out.push(`${' '.repeat(34)}Attr: ${attrs(part)}`);
  }
  return out.join('\n');
}

test("hull cgpt show -i N prints what Debian's cgpt prints, byte for byte but for the documented lines; every field flag too", () => {
  const img = join(dir, 'show-i.img');
  assert.equal(runHull(['disk', 'create', img, '--size', '8GiB']).status, 0);
  assert.equal(
    tool('cgpt', [
      'add',
      '-i',
      '10',
      '-b',
      '100',
      '-s',
      '100',
      '-t',
      'kernel',
      '-l',
      'KERN',
      '-P',
      '3',
      '-T',
      '2',
      '-S',
      '1',
      img,
    ]).status,
    0,
  );
  assert.equal(
    tool('cgpt', [
      'add',
      '-i',
      '11',
      '-b',
      '300',
      '-s',
      '100',
      '-t',
      '0fc63daf-8483-4772-8e79-3d69d8477de5',
      '-l',
      'ünï',
      img,
    ]).status,
    0,
  );
  assert.equal(tool('cgpt', ['add', '-i', '6', '-B', '1', img]).status, 0);
  assert.equal(runHull(['cgpt', 'add', '-i', '4', '-P', '2', '-T', '1', '-S', '0', img]).status, 0);
  const attrs = (n: number) =>
    `priority=${runHull(['cgpt', 'show', '-i', String(n), '-P', img]).stdout.trim()} tries=${runHull(['cgpt', 'show', '-i', String(n), '-T', img]).stdout.trim()} successful=${runHull(['cgpt', 'show', '-i', String(n), '-S', img]).stdout.trim()}`;
  let exact = 0;
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 128]) {
    const debian = tool('cgpt', ['show', '-i', String(n), img]);
    assert.equal(debian.status, 0, debian.stderr);
    const hull = runHull(['cgpt', 'show', '-i', String(n), img]);
    assert.equal(hull.status, 0, hull.stderr);
    assert.equal(hull.stdout, asDocumented(debian.stdout, attrs), `cgpt show -i ${n}`);
    if (hull.stdout === debian.stdout) exact++;
    for (const f of ['-b', '-s', '-t', '-u', '-l', '-S', '-T', '-P', '-A']) {
      assert.equal(
        runHull(['cgpt', 'show', '-i', String(n), f, img]).stdout,
        tool('cgpt', ['show', '-i', String(n), f, img]).stdout,
        `cgpt show -i ${n} ${f}`,
      );
    }
  }
  assert.ok(exact >= 7, `EFI, BIOS boot, Linux data, an unknown type and unused entries are byte-identical (${exact})`);
  const bad = runHull(['cgpt', 'show', '-i', '129', img]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /invalid partition number: 129/);
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
