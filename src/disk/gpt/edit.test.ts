import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flatcarLayout } from '../layout.js';
import { getPrio } from '../prio.js';
import { isLegacyBootable, typeBits } from './attributes.js';
import { editBootSector, editPartition, emptyEntry } from './edit.js';
import { bootGuidOf, encodeProtectiveMbr, MBR_BOOT_GUID_AT } from './mbr.js';
import { cgptTypeName, TYPE_GUIDS, typeGuidOf, typeName } from './type-guids.js';
import type { GptTable } from './types.js';

const MiB = 1024 * 1024;
function table(): GptTable {
  let k = 1;
  const r = flatcarLayout({
    sizeBytes: 64 * MiB,
    sectorSize: 512,
    sizes: { efi: 4 * MiB, biosBoot: 2 * MiB, usr: 8 * MiB, oem: 4 * MiB, oemConfig: 2 * MiB, rootMin: 2 * MiB },
    random: (n) => Uint8Array.from({ length: n }, () => (k = (k * 73 + 41) % 251)),
  });
  assert.ok(r.ok);
  return r.table;
}
const guid = (): string => '11111111-2222-4333-8444-555555555555';
const codes = (r: { ok: boolean; issues?: readonly { code: string }[] }): string[] =>
  r.ok ? [] : r.issues!.map((i) => i.code);

test('editPartition: a new partition in the first unused entry, its attributes from named bits; the table given is unchanged', () => {
  const t = table();
  // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max takes numbers only)
  const last = t.partitions.reduce((m, p) => (p.lastLba > m ? p.lastLba : m), 0n);
  const root = t.partitions.find((p) => p.lastLba === last)!;
  const shrunk = editPartition(t, { number: root.number, sizeLba: 2048n }, guid);
  assert.ok(shrunk.ok);
  const r = editPartition(
    shrunk.table,
    {
      firstLba: root.firstLba + 4096n,
      sizeLba: 100n,
      typeGuid: TYPE_GUIDS.linuxData,
      name: 'data',
      legacyBootable: true,
      typeBits: 0x1234,
    },
    guid,
  );
  assert.ok(r.ok, r.ok ? '' : r.issues.map((i) => i.message).join('; '));
  const used = new Set(t.partitions.map((p) => p.number));
  let free = 1;
  while (used.has(free)) free++;
  assert.equal(r.partition.number, free);
  assert.equal(r.partition.guid, guid());
  assert.equal(r.partition.lastLba - r.partition.firstLba + 1n, 100n);
  assert.ok(isLegacyBootable(r.partition.attributes));
  assert.equal(typeBits(r.partition.attributes), 0x1234);
  assert.equal(t.partitions.length, shrunk.table.partitions.length);
  assert.equal(r.table.partitions.length, t.partitions.length + 1);
  assert.equal(
    t.partitions.find((p) => p.number === root.number)!.lastLba,
    root.lastLba,
    'the table given is not changed',
  );
});

test('editPartition: an existing entry keeps what the edit does not name; gptprio bits set by name', () => {
  const t = table();
  const usrB = t.partitions.find((p) => p.number === 4)!;
  const r = editPartition(t, { number: 4, priority: 2, tries: 1, successful: false, name: 'USR-B' }, guid);
  assert.ok(r.ok);
  assert.deepEqual(getPrio(r.partition.attributes), { priority: 2, tries: 1, successful: false });
  assert.deepEqual(
    [r.partition.guid, r.partition.firstLba, r.partition.lastLba, r.partition.typeGuid],
    [usrB.guid, usrB.firstLba, usrB.lastLba, usrB.typeGuid],
  );
});

test('editPartition refuses with codes: a number outside the entries, a name too long, a new entry without start/size/type, an overlap', () => {
  const t = table();
  assert.deepEqual(codes(editPartition(t, { number: 0 }, guid)), ['DISK_PARTITION_NUMBER']);
  const r = editPartition(t, { number: t.entryCount + 1 }, guid);
  assert.ok(!r.ok && /invalid partition number: 129/.test(r.issues[0]!.message));
  assert.deepEqual(codes(editPartition(t, { number: 1, name: 'x'.repeat(37) }, guid)), ['DISK_PARTITION_NAME']);
  assert.deepEqual(codes(editPartition(t, { number: 100, firstLba: 34n }, guid)), ['DISK_PARTITION_INCOMPLETE']);
  const first = t.partitions[0]!;
  assert.deepEqual(
    codes(
      editPartition(t, { number: 100, firstLba: first.firstLba, sizeLba: 8n, typeGuid: TYPE_GUIDS.linuxData }, guid),
    ),
    ['DISK_PARTITION_OVERLAP'],
  );
  const full: GptTable = {
    ...t,
    entryCount: t.partitions.length,
    partitions: t.partitions.map((p, i) => ({ ...p, number: i + 1 })),
  };
  assert.deepEqual(codes(editPartition(full, { firstLba: 40n, sizeLba: 1n, typeGuid: TYPE_GUIDS.linuxData }, guid)), [
    'DISK_TABLE_FULL',
  ]);
});

test('editBootSector: fresh records, the boot GUID of a partition (zeros for an unused entry), boot code; the same sector when nothing changes', () => {
  const t = table();
  const old = encodeProtectiveMbr(512, t.totalSectors);
  const same = editBootSector(old, t, {});
  assert.ok(same.ok && same.sector === old);
  const usrA = t.partitions.find((p) => p.number === 3)!;
  const r = editBootSector(old, t, { bootPartition: 3, code: new Uint8Array(500).fill(7) });
  assert.ok(r.ok);
  assert.equal(bootGuidOf(r.sector), usrA.guid);
  assert.ok(
    r.sector.subarray(0, MBR_BOOT_GUID_AT).every((b) => b === 7),
    'the boot code: 424 bytes, the GUID after it kept',
  );
  const unused = editBootSector(old, t, { bootPartition: 100 });
  assert.ok(unused.ok);
  assert.equal(bootGuidOf(unused.sector), emptyEntry(100).guid);
  assert.deepEqual(codes(editBootSector(old, t, { bootPartition: 200 })), ['DISK_PARTITION_NUMBER']);
  const fresh = editBootSector(old, t, { freshRecords: true });
  assert.ok(fresh.ok);
  assert.deepEqual([fresh.sector[444], fresh.sector[445]], [0x1d, 0x9a]);
});

test('type GUIDs: cgpt words and GUIDs in any case; names for hull disk show and as cgpt prints them', () => {
  assert.equal(typeGuidOf('FLATCAR-USR'), TYPE_GUIDS.usr);
  assert.equal(typeGuidOf(TYPE_GUIDS.efi.toUpperCase()), TYPE_GUIDS.efi);
  assert.equal(typeGuidOf('not-a-type'), undefined);
  assert.deepEqual([typeName(TYPE_GUIDS.usr), cgptTypeName(TYPE_GUIDS.usr)], ['/usr slot (A/B)', 'CoreOS rootfs']);
  assert.equal(cgptTypeName(emptyEntry(1).typeGuid), 'Unused (nonexistent) partition');
  assert.equal(cgptTypeName('abcdef01-2345-4678-9abc-def012345678'), 'ABCDEF01-2345-4678-9ABC-DEF012345678');
  assert.equal(typeName('abcdef01-2345-4678-9abc-def012345678'), 'abcdef01-2345-4678-9abc-def012345678');
});
