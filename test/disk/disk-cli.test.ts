import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runHull } from '../helpers/hull.js';
import { tool } from './tools.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-disk-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const img = (): string => join(dir, `d${n++}.img`);

interface ShowJson {
  diskGuid: string;
  sectorSize: number;
  partitions: {
    number: number;
    label: string;
    typeGuid: string;
    guid: string;
    firstLba: number;
    lastLba: number;
    attributes: string;
    priority: number;
    tries: number;
    successful: boolean;
  }[];
}
const show = (path: string): ShowJson => {
  const r = runHull(['-o', 'json', 'disk', 'show', path]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).result as ShowJson;
};
const create = (path: string, size = '8GiB', ss = '512'): void => {
  const r = runHull(['disk', 'create', path, '--size', size, '--sector-size', ss]);
  assert.equal(r.status, 0, r.stderr);
};
const prios = (path: string): string =>
  show(path)
    .partitions.filter((p) => p.number === 3 || p.number === 4)
    .map((p) => `${p.number}:p${p.priority}t${p.tries}s${p.successful ? 1 : 0}`)
    .join(' ');

test('hull disk create makes a sparse 8 GiB image that sgdisk -v finds no problems in', () => {
  const path = img();
  create(path);
  const st = statSync(path);
  assert.equal(st.size, 8 * 1024 ** 3);
  assert.ok(
    st.blocks * 512 < 4 * 1024 * 1024,
    'sparse: under 4 MiB allocated (the tables and the EFI FAT32, whose two FATs take 1 MiB each)',
  );
  const v = tool('sgdisk', ['-v', path]);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /No problems found/);
});

test('sgdisk -i N shows the names, GUIDs, LBAs and attribute bits Hull wrote', () => {
  const path = img();
  create(path);
  for (const p of show(path).partitions) {
    const out = tool('sgdisk', ['-i', String(p.number), path]).stdout;
    assert.match(out, new RegExp(`Partition GUID code: ${p.typeGuid.toUpperCase()}`));
    assert.match(out, new RegExp(`Partition unique GUID: ${p.guid.toUpperCase()}`));
    assert.match(out, new RegExp(`First sector: ${p.firstLba} `));
    assert.match(out, new RegExp(`Last sector: ${p.lastLba} `));
    assert.match(out, new RegExp(`Attribute flags: ${p.attributes.slice(2).toUpperCase()}`));
    assert.match(out, new RegExp(`Partition name: '${p.label}'`));
  }
  assert.match(tool('sgdisk', ['-i', '3', path]).stdout, /Attribute flags: 0101000000000000/);
});

test('4096-byte sectors: Hull reads its own image back; a disk too small for the layout is refused', () => {
  const path = img();
  create(path, '8GiB', '4096');
  const t = show(path);
  assert.equal(t.sectorSize, 4096);
  assert.deepEqual(t.partitions.map((p) => p.firstLba).slice(0, 3), [512, 512 + 262144, 512 + 262144 + 512]);
  assert.equal(runHull(['disk', 'verify', path]).status, 0);
  const r = runHull(['disk', 'create', img(), '--size', '1GiB']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /too small/);
});

test('tables and attribute bits written by sgdisk read back the same in Hull', () => {
  const path = img();
  const f = openSync(path, 'w');
  writeSync(f, Buffer.alloc(1), 0, 1, 256 * 1024 * 1024 - 1);
  closeSync(f);
  const s = tool('sgdisk', [
    '-n',
    '3:2048:+64M',
    '-c',
    '3:USR-A',
    '-t',
    '3:8500',
    '-A',
    '3:=:0012000000000000',
    '-n',
    '4:0:+64M',
    '-c',
    '4:USR-ß€',
    '-t',
    '4:8500',
    '-u',
    '4:e03dd35c-7c2d-4a47-b3fe-27f15780a57c',
    path,
  ]);
  assert.equal(s.status, 0, s.stderr);
  const t = show(path);
  const p3 = t.partitions.find((p) => p.number === 3)!;
  const p4 = t.partitions.find((p) => p.number === 4)!;
  assert.equal(p3.label, 'USR-A');
  assert.equal(p3.typeGuid, '5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6');
  assert.equal(p3.firstLba, 2048);
  assert.equal(p3.lastLba, 2048 + 131072 - 1);
  assert.equal(p3.attributes, '0x0012000000000000');
  assert.deepEqual([p3.priority, p3.tries, p3.successful], [2, 1, false]);
  assert.equal(p4.label, 'USR-ß€');
  assert.equal(p4.guid, 'e03dd35c-7c2d-4a47-b3fe-27f15780a57c');
  const v = runHull(['disk', 'verify', path]);
  assert.equal(v.status, 0, v.stderr + v.stdout);
});

test("bits written by Debian's cgpt add read back the same in Hull, and Hull's bits read the same in cgpt", () => {
  const path = img();
  create(path);
  const a = tool('cgpt', ['add', '-i', '4', '-P', '7', '-T', '3', '-S', '0', path]);
  assert.equal(a.status, 0, a.stderr);
  const p4 = show(path).partitions.find((p) => p.number === 4)!;
  assert.deepEqual([p4.priority, p4.tries, p4.successful], [7, 3, false]);
  assert.equal(tool('cgpt', ['show', '-i', '3', '-P', path]).stdout.trim(), '1');
  assert.equal(tool('cgpt', ['show', '-i', '3', '-S', path]).stdout.trim(), '1');
  assert.equal(runHull(['disk', 'verify', path]).status, 0);
});

test('next / --commit / mark-good / rollback follow the A/B sequence; sgdisk agrees on the bits', () => {
  const path = img();
  create(path);
  assert.equal(prios(path), '3:p1t0s1 4:p0t0s0');
  // rollback refuses: B was never written
  const refused = runHull(['disk', 'rollback', path]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /never written/);
  // an update is written to B: cgpt's way (-S0 -T1 -P2)
  tool('cgpt', ['add', '-i', '4', '-S', '0', '-T', '1', '-P', '2', path]);
  const next = runHull(['-o', 'json', 'disk', 'next', path, '--commit']);
  assert.deepEqual(JSON.parse(next.stdout).result, {
    number: 4,
    label: 'USR-B',
    guid: 'e03dd35c-7c2d-4a47-b3fe-27f15780a57c',
  });
  assert.equal(prios(path), '3:p1t0s1 4:p2t0s0');
  assert.match(tool('sgdisk', ['-i', '4', path]).stdout, /Attribute flags: 0002000000000000/);
  // B failed to boot: the next boot is A again
  assert.equal(JSON.parse(runHull(['-o', 'json', 'disk', 'next', path]).stdout).result.number, 3);
  // B boots fine instead: mark-good on the active slot (B, priority 2)
  assert.equal(runHull(['disk', 'mark-good', path]).status, 0);
  assert.equal(prios(path), '3:p1t0s1 4:p2t0s1');
  // rollback to A, dry run first
  const dry = runHull(['disk', 'rollback', path, '--dry-run']);
  assert.match(dry.stdout, /would roll back from 4 \(USR-B\) to 3 \(USR-A\)/);
  assert.equal(prios(path), '3:p1t0s1 4:p2t0s1');
  assert.equal(runHull(['disk', 'rollback', path]).status, 0);
  assert.equal(prios(path), '3:p2t0s1 4:p1t0s1');
  assert.equal(JSON.parse(runHull(['-o', 'json', 'disk', 'next', path]).stdout).result.number, 3);
  assert.match(tool('sgdisk', ['-v', path]).stdout, /No problems found/);
});

test('disk show (text) fits 80 columns: sizes in binary units, type names, the slots in words and which boots next', () => {
  const path = img();
  create(path);
  tool('cgpt', ['add', '-i', '4', '-S', '0', '-T', '1', '-P', '2', path]);
  const r = runHull(['disk', 'show', path]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  for (const l of lines) assert.ok(l.length <= 80, `${l.length} columns: ${l}`);
  assert.equal(lines[0], '8 GiB disk, 16777216 sectors of 512 bytes, 7 partitions');
  assert.match(r.stdout, /^ {2}9 {2}ROOT {9}12722176 {3}1\.9 GiB {2}root \(auto-resize\)$/m);
  assert.match(r.stdout, /^ {2}7 {2}OEM-CONFIG {3}12591104 {4}64 MiB {2}Flatcar reserved$/m);
  assert.match(r.stdout, /^ {2}4 {2}USR-B {2}priority 2, on trial, 1 try left$/m);
  assert.match(
    r.stdout,
    /^next boot: USR-B \(4\), the highest priority \(2\) of the bootable slots\n {2}\(on trial: this boot uses its last try\)$/m,
  );
  assert.equal(runHull(['disk', 'next', '--commit', path]).status, 0);
  const after = runHull(['disk', 'show', path]).stdout;
  assert.match(after, /^ {2}4 {2}USR-B {2}priority 2, tries used up, not successful \(skipped\)$/m);
  assert.match(after, /^next boot: USR-A \(3\), the highest priority \(1\) of the bootable slots$/m);
});

function flip(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, offset);
  b[0] = b[0]! ^ 0xff;
  writeSync(fd, b, 0, 1, offset);
  closeSync(fd);
}

test('corruption: primary header flipped → issue, verify --repair restores it from the backup', () => {
  const path = img();
  create(path);
  flip(path, 512 + 44);
  const v = runHull(['disk', 'verify', path]);
  assert.equal(v.status, 1);
  assert.match(v.stderr, /DISK_HEADER_CRC/);
  assert.match(v.stderr, /DISK_PRIMARY_DAMAGED/);
  // reading still works from the backup
  assert.equal(show(path).partitions.length, 7);
  const rep = runHull(['disk', 'verify', path, '--repair']);
  assert.equal(rep.status, 0, rep.stderr);
  assert.equal(runHull(['disk', 'verify', path]).status, 0);
  assert.match(tool('sgdisk', ['-v', path]).stdout, /No problems found/);
});

test('corruption: entry array flipped → repaired from the backup', () => {
  const path = img();
  create(path);
  flip(path, 1024 + 2 * 128 + 60);
  const v = runHull(['-o', 'json', 'disk', 'verify', path]);
  assert.deepEqual(
    JSON.parse(v.stdout)
      .issues.map((i: { code: string }) => i.code)
      .sort(),
    ['DISK_ENTRIES_CRC', 'DISK_PRIMARY_DAMAGED'],
  );
  assert.equal(runHull(['disk', 'verify', path, '--repair']).status, 0);
  assert.equal(runHull(['disk', 'verify', path]).status, 0);
});

test('corruption: both copies damaged → no table, no write at all', () => {
  const path = img();
  create(path);
  const size = statSync(path).size;
  flip(path, 512 + 44);
  flip(path, size - 512 + 44);
  const before = runHull(['-o', 'json', 'disk', 'verify', path]);
  assert.equal(before.status, 1);
  assert.ok(JSON.parse(before.stdout).issues.some((i: { code: string }) => i.code === 'DISK_NO_VALID_GPT'));
  const mtime = statSync(path).mtimeMs;
  assert.equal(runHull(['disk', 'verify', path, '--repair']).status, 1);
  assert.equal(runHull(['disk', 'mark-good', path]).status, 1);
  assert.equal(runHull(['disk', 'rollback', path]).status, 1);
  assert.equal(statSync(path).mtimeMs, mtime, 'nothing was written');
});

test('corruption: truncated image → DISK_TRUNCATED, repair refused', () => {
  const path = img();
  create(path);
  truncateSync(path, 4 * 1024 ** 3);
  const v = runHull(['-o', 'json', 'disk', 'verify', path, '--repair']);
  assert.equal(v.status, 1);
  const codes = JSON.parse(v.stdout).issues.map((i: { code: string }) => i.code);
  assert.ok(codes.includes('DISK_TRUNCATED'));
  assert.equal(JSON.parse(v.stdout).result.repaired, false);
  assert.equal(JSON.parse(v.stdout).ok, false, 'not repaired: not ok, exit 1');
});
