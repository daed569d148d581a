import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeTable, humanSize, nextBootText, slotState } from './describe.js';
import { flatcarLayout } from './layout.js';
import { setPrio } from './prio.js';
import type { GptPartition, GptTable } from './gpt/types.js';

const layout = (): GptTable => {
  const r = flatcarLayout({ sizeBytes: 8 * 1024 ** 3, random: (n) => new Uint8Array(n).fill(7) });
  assert.ok(r.ok);
  return r.table;
};
const withSlot = (t: GptTable, n: number, prio: Parameters<typeof setPrio>[1]): GptTable => ({
  ...t,
  partitions: t.partitions.map((p) => (p.number === n ? { ...p, attributes: setPrio(p.attributes, prio) } : p)),
});
const usr = (attributes: bigint): GptPartition => ({
  number: 3,
  name: 'USR-A',
  typeGuid: '5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6',
  guid: '7130c94a-213a-4e5a-8e26-6cce9662f132',
  firstLba: 0n,
  lastLba: 0n,
  attributes,
});

test('humanSize: whole binary units without decimals, else one decimal rounded down', () => {
  const rows: [bigint | number, string][] = [
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [2 * 1024 ** 2, '2 MiB'],
    [64 * 1024 ** 2, '64 MiB'],
    [8 * 1024 ** 3, '8 GiB'],
    [4055007 * 512, '1.9 GiB'],
    [2n ** 64n - 1n, '15.9 EiB'],
  ];
  for (const [b, s] of rows) assert.equal(humanSize(b), s, String(b));
});

test('slotState: every combination of the A/B bits in words, and whether GRUB may boot it', () => {
  const rows: [Parameters<typeof setPrio>[1], string, boolean][] = [
    [{}, 'never written (skipped)', false],
    [{ priority: 0, tries: 3 }, 'priority 0 (skipped)', false],
    [{ priority: 1, successful: true }, 'priority 1, booted successfully', true],
    [{ priority: 2, tries: 1 }, 'priority 2, on trial, 1 try left', true],
    [{ priority: 2, tries: 3 }, 'priority 2, on trial, 3 tries left', true],
    [{ priority: 2, tries: 0 }, 'priority 2, tries used up, not successful (skipped)', false],
  ];
  for (const [prio, text, bootable] of rows)
    assert.deepEqual(slotState(usr(setPrio(0n, prio))), { text, bootable }, text);
});

test('describeTable: the Flatcar layout in at most 80 columns, sizes in binary units, type names, the slot sentence', () => {
  const lines = describeTable(layout());
  for (const l of lines) assert.ok(l.length <= 80, `${l.length}: ${l}`);
  assert.equal(lines[0], '8 GiB disk, 16777216 sectors of 512 bytes, 7 partitions');
  assert.equal(lines[1], 'disk GUID 00000000-0000-0000-0000-000000000001');
  assert.deepEqual(lines.slice(3, 11), [
    '  #  label       first LBA      size  type',
    '  1  EFI-SYSTEM       4096     1 GiB  EFI system',
    '  2  BIOS-BOOT     2101248     2 MiB  BIOS boot',
    '  3  USR-A         2105344     2 GiB  /usr slot (A/B)',
    '  4  USR-B         6299648     2 GiB  /usr slot (A/B)',
    '  6  OEM          10493952     1 GiB  Linux data',
    '  7  OEM-CONFIG   12591104    64 MiB  Flatcar reserved',
    '  9  ROOT         12722176   1.9 GiB  root (auto-resize)',
  ]);
  assert.deepEqual(lines.slice(11), [
    '',
    '/usr slots (A/B):',
    '  3  USR-A  priority 1, booted successfully',
    '  4  USR-B  never written (skipped)',
    'next boot: USR-A (3), the highest priority (1) of the bootable slots',
  ]);
});

test('nextBootText: a slot on trial says so; no bootable slot says none; a table without usr slots has no slot section', () => {
  const trial = withSlot(layout(), 4, { priority: 2, tries: 1, successful: false });
  assert.deepEqual(nextBootText(trial), [
    'next boot: USR-B (4), the highest priority (2) of the bootable slots',
    '  (on trial: this boot uses its last try)',
  ]);
  assert.deepEqual(nextBootText(withSlot(trial, 4, { tries: 3 }))[1], '  (on trial: this boot uses 1 of its 3 tries)');
  const none = withSlot(withSlot(layout(), 3, { priority: 0, successful: false }), 4, {});
  assert.deepEqual(nextBootText(none), ['next boot: none: no /usr slot can boot (GRUB finds no candidate)']);
  const plain = { ...layout(), partitions: layout().partitions.filter((p) => p.number === 9) };
  assert.ok(!describeTable(plain).some((l) => /slot/.test(l)));
  assert.equal(describeTable(plain)[0], '8 GiB disk, 16777216 sectors of 512 bytes, 1 partition');
});

test('describeTable: a filesystem found on a partition is named after its type', () => {
  const lines = describeTable(layout(), new Map([[1, 'vfat']]));
  assert.equal(lines[4], '  1  EFI-SYSTEM       4096     1 GiB  EFI system, vfat');
  assert.equal(lines[5], '  2  BIOS-BOOT     2101248     2 MiB  BIOS boot');
});
