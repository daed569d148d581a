import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { MemoryBlockDevice } from '../block-device.js';
import { flatcarLayout } from '../layout.js';
import { crc32 } from '../../go/index.js';
import { decodeGuid, encodeGuid } from './guid.js';
import { readGpt } from './read.js';
import type { GptTable, SectorSize } from './types.js';
import { blockingIssues } from './recoverable.js';
import { writeGpt, writeOptionsFor } from './write.js';

const seq = (): ((n: number) => Uint8Array) => {
  let k = 1;
  return (n) => Uint8Array.from({ length: n }, () => (k = (k * 73 + 41) % 251));
};
const MiB = 1024 * 1024;
const small = { efi: 4 * MiB, biosBoot: 2 * MiB, usr: 8 * MiB, oem: 4 * MiB, oemConfig: 2 * MiB, rootMin: 2 * MiB };

function table(ss: SectorSize = 512, size = 64 * MiB): GptTable {
  const r = flatcarLayout({ sizeBytes: size, sectorSize: ss, sizes: small, random: seq() });
  assert.ok(r.ok);
  return r.table;
}
const codes = (issues: readonly { code: string }[]): string[] => issues.map((i) => i.code).sort();

test('crc32 of "123456789" is 0xCBF43926', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('GUIDs are stored mixed-endian', () => {
  const b = new Uint8Array(16);
  encodeGuid('5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6', b, 0);
  assert.deepEqual([...b.subarray(0, 10)], [0xf4, 0xf5, 0xfb, 0x5d, 0x48, 0x28, 0xac, 0x4b, 0xaa, 0x5e]);
  assert.equal(decodeGuid(b, 0), '5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6');
});

for (const ss of [512, 4096] as const) {
  test(`write then read round-trips a table (${ss}-byte sectors, UTF-16 name)`, async () => {
    const t0 = table(ss);
    const t = { ...t0, partitions: t0.partitions.map((p) => (p.number === 6 ? { ...p, name: 'OEM-ünïcødé-€' } : p)) };
    const dev = new MemoryBlockDevice(64 * MiB);
    await writeGpt(dev, t);
    const r = await readGpt(dev);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.table, t);
    assert.equal(r.table!.firstUsableLba, ss === 512 ? 34n : 6n);
  });
}

test('flipped byte in the primary header: CRC issue, recovered from the backup, repair restores it', async () => {
  const t = table();
  const dev = new MemoryBlockDevice(64 * MiB);
  await writeGpt(dev, t);
  dev.bytes[512 + 40] = dev.bytes[512 + 40]! ^ 0xff;
  const r = await readGpt(dev);
  assert.deepEqual(codes(r.issues), ['DISK_HEADER_CRC', 'DISK_PRIMARY_DAMAGED']);
  assert.equal(r.source, 'backup');
  assert.deepEqual(r.table, t);
});

test('flipped byte in the primary entry array: entries CRC issue, backup used', async () => {
  const t = table();
  const dev = new MemoryBlockDevice(64 * MiB);
  await writeGpt(dev, t);
  dev.bytes[1024 + 130] = dev.bytes[1024 + 130]! ^ 1;
  const r = await readGpt(dev);
  assert.deepEqual(codes(r.issues), ['DISK_ENTRIES_CRC', 'DISK_PRIMARY_DAMAGED']);
  assert.deepEqual(r.table, t);
});

test('damaged backup: primary used, backup reported', async () => {
  const t = table();
  const dev = new MemoryBlockDevice(64 * MiB);
  await writeGpt(dev, t);
  dev.bytes[dev.size - 512] = 0;
  const r = await readGpt(dev);
  assert.deepEqual(codes(r.issues), ['DISK_BACKUP_DAMAGED', 'DISK_HEADER_SIGNATURE']);
  assert.equal(r.source, 'primary');
});

test('truncated image: the backup is missing, the primary still reads', async () => {
  const t = table();
  const dev = new MemoryBlockDevice(64 * MiB);
  await writeGpt(dev, t);
  const cut = new MemoryBlockDevice(dev.bytes.slice(0, 32 * MiB));
  const r = await readGpt(cut);
  assert.ok(r.table);
  assert.equal(r.source, 'primary');
  assert.deepEqual(codes(r.issues), [
    'DISK_BACKUP_DAMAGED',
    'DISK_HEADER_SIGNATURE',
    'DISK_PARTITION_OUTSIDE',
    'DISK_TRUNCATED',
  ]);
});

test('both copies damaged: DISK_NO_VALID_GPT and no table', async () => {
  const dev = new MemoryBlockDevice(64 * MiB);
  await writeGpt(dev, table());
  dev.bytes[512] = 0;
  dev.bytes[dev.size - 512 + 20] = dev.bytes[dev.size - 512 + 20]! ^ 0xff;
  const r = await readGpt(dev);
  assert.equal(r.table, undefined);
  assert.ok(codes(r.issues).includes('DISK_NO_VALID_GPT'));
});

test('overlapping and out-of-range partitions are issues', async () => {
  const t = table();
  const bad: GptTable = {
    ...t,
    partitions: t.partitions.map((p) =>
      p.number === 4
        ? { ...p, firstLba: p.firstLba - 10n }
        : p.number === 9
          ? { ...p, lastLba: t.totalSectors - 1n }
          : p,
    ),
  };
  const dev = new MemoryBlockDevice(64 * MiB);
  await writeGpt(dev, bad);
  const r = await readGpt(dev);
  assert.deepEqual(codes(r.issues), ['DISK_PARTITION_OUTSIDE', 'DISK_PARTITION_OVERLAP']);
});

test('primary and backup valid but different: DISK_COPIES_DISAGREE, and the backup (written first, so newer) is the table used', async () => {
  const t = table();
  const dev = new MemoryBlockDevice(64 * MiB);
  await writeGpt(dev, t);
  const newer = { ...t, partitions: t.partitions.filter((p) => p.number !== 7) };
  dev.failAfterWrites = dev.writes + 2; // backup array and header written, the primary not
  dev.tornWrite = false;
  await writeGpt(dev, newer).catch(() => undefined);
  const r = await readGpt(dev);
  assert.deepEqual(codes(r.issues), ['DISK_COPIES_DISAGREE']);
  assert.equal(r.source, 'backup');
  assert.deepEqual(r.table, newer);
  assert.deepEqual(blockingIssues(r.issues), []);
  // the repair write (writeOptionsFor) settles it: both copies hold the newer table
  dev.failAfterWrites = undefined;
  await writeGpt(dev, r.table!, writeOptionsFor({ table: r.table!, source: r.source! }));
  const again = await readGpt(dev);
  assert.deepEqual(again.issues, []);
  assert.deepEqual(again.table, newer);
});

test('copies that differ only in unused bytes (after a name, padding of a larger entry) agree', async () => {
  const t = table();
  const dev = new MemoryBlockDevice(64 * MiB);
  await writeGpt(dev, t);
  // a byte after the NUL that ends partition 1's name, in the primary array only; fix the primary's entries CRC
  const at = 1024 + 56 + 40;
  dev.bytes[at] = 0x41;
  const crc = crc32(dev.bytes.subarray(1024, 1024 + 128 * 128));
  const h = dev.bytes.subarray(512, 1024);
  new DataView(h.buffer, h.byteOffset).setUint32(88, crc, true);
  new DataView(h.buffer, h.byteOffset).setUint32(16, 0, true);
  new DataView(h.buffer, h.byteOffset).setUint32(16, crc32(h.subarray(0, 92)), true);
  const r = await readGpt(dev);
  assert.deepEqual(r.issues, []);
  assert.equal(r.source, 'primary');
});

for (const ss of [512, 4096] as const) {
  test(`a write cut short at any point leaves the old or the new table readable (${ss})`, async () => {
    const oldT = table(ss);
    const newT = {
      ...oldT,
      partitions: oldT.partitions.map((p) => (p.number === 4 ? { ...p, attributes: 0x0012000000000000n } : p)),
    };
    for (let cut = 0; cut <= 5; cut++) {
      const dev = new MemoryBlockDevice(64 * MiB);
      await writeGpt(dev, oldT);
      dev.failAfterWrites = dev.writes + cut;
      await writeGpt(dev, newT).catch(() => undefined);
      const r = await readGpt(dev);
      assert.ok(r.table, `cut after ${cut} writes: a table is readable`);
      assert.ok(
        isDeepStrictEqual(r.table, oldT) || isDeepStrictEqual(r.table, newT),
        `cut after ${cut} writes: old or new table`,
      );
    }
  });
}

for (const from of ['primary damaged', 'copies disagree'] as const) {
  test(`a write over a disk whose table lives only in the backup (${from}) first copies it over the primary, and survives cuts`, async () => {
    const t = table();
    const newT = {
      ...t,
      partitions: t.partitions.map((p) => (p.number === 4 ? { ...p, attributes: 0x0012000000000000n } : p)),
    };
    for (let cut = 0; cut <= 9; cut++) {
      const dev = new MemoryBlockDevice(64 * MiB);
      await writeGpt(dev, t);
      let before = t;
      if (from === 'primary damaged') dev.bytes[512] = 0;
      else {
        before = { ...t, partitions: t.partitions.filter((p) => p.number !== 7) };
        dev.failAfterWrites = dev.writes + 2;
        dev.tornWrite = false;
        await writeGpt(dev, before).catch(() => undefined);
        dev.failAfterWrites = undefined;
        dev.tornWrite = true;
      }
      const r = await readGpt(dev);
      assert.equal(r.source, 'backup');
      assert.deepEqual(r.table, before);
      dev.failAfterWrites = dev.writes + cut;
      await writeGpt(dev, newT, writeOptionsFor({ table: r.table!, source: r.source! })).catch(() => undefined);
      const after = await readGpt(dev);
      assert.ok(after.table, `cut after ${cut}`);
      assert.ok(
        isDeepStrictEqual(after.table, before) || isDeepStrictEqual(after.table, newT),
        `cut after ${cut}: old or new table`,
      );
      assert.deepEqual(blockingIssues(after.issues), [], `cut after ${cut}`);
      if (cut === 9) assert.deepEqual(after.issues, [], 'a whole write leaves both copies equal');
    }
  });
}

test('layout matches the Flatcar starts and sizes of the notes (512-byte sectors)', () => {
  const r = flatcarLayout({ sizeBytes: 16515072 * 512, random: seq() });
  assert.ok(r.ok);
  const rows = r.table.partitions.map((p) => [
    p.number,
    p.name,
    Number(p.firstLba),
    Number(p.lastLba - p.firstLba + 1n),
  ]);
  assert.deepEqual(rows, [
    [1, 'EFI-SYSTEM', 4096, 2097152],
    [2, 'BIOS-BOOT', 2101248, 4096],
    [3, 'USR-A', 2105344, 4194304],
    [4, 'USR-B', 6299648, 4194304],
    [6, 'OEM', 10493952, 2097152],
    [7, 'OEM-CONFIG', 12591104, 131072],
    [9, 'ROOT', 12722176, 16515072 - 33 - 12722176],
  ]);
  assert.equal(r.table.partitions[2]!.attributes, 0x0101000000000000n);
  assert.equal(r.table.partitions[3]!.attributes, 0n);
});

test('layout refuses a disk that is too small', () => {
  const r = flatcarLayout({ sizeBytes: 1024 * MiB, random: seq() });
  assert.equal(r.ok, false);
});

test('writing a table keeps the boot code, boot GUID and records of an existing protective MBR; a disk without one gets a fresh one keeping its boot code', async () => {
  const t = table();
  const dev = new MemoryBlockDevice(64 * MiB);
  await writeGpt(dev, t);
  const code = seq()(440);
  dev.bytes.set(code, 0);
  dev.bytes[446 + 5] = 0x28; // a CHS end sgdisk would write: kept as it is
  const lba0 = Uint8Array.from(dev.bytes.subarray(0, 512));
  await writeGpt(dev, { ...t, partitions: t.partitions.slice(1) });
  assert.deepEqual(dev.bytes.subarray(0, 512), lba0);
  // no MBR signature: a fresh protective MBR, boot code kept
  dev.bytes.fill(0, 446, 512);
  await writeGpt(dev, t);
  assert.deepEqual(dev.bytes.subarray(0, 440), code);
  assert.equal(dev.bytes[446 + 4], 0xee);
  assert.deepEqual([dev.bytes[510], dev.bytes[511]], [0x55, 0xaa]);
  assert.equal((await readGpt(dev)).issues.length, 0);
});
