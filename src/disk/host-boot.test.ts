import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { AppError } from '../core/index.js';
import { MemoryBlockDevice } from './block-device.js';
import { readGpt } from './gpt/read.js';
import type { GptPartition, GptTable } from './gpt/types.js';
import { writeGpt } from './gpt/write.js';
import { hostBoot, parseKeyValue, type BootRecord, type HostBootPorts, type HostBootResult } from './host-boot.js';
import { getPrio, setPrio } from './prio.js';
import { USR_TYPE_GUID } from './gpt/type-guids.js';

// The boot choice of `hull host boot` over an in-memory disk: slots 3 (USR-A) and 4 (USR-B) of 1 MiB each.
const SS = 512;
const SLOT_SECTORS = 2048n;
const slot = (number: 3 | 4, p: { priority: number; tries: number; successful: boolean }): GptPartition => ({
  number,
  name: number === 3 ? 'USR-A' : 'USR-B',
  typeGuid: USR_TYPE_GUID,
  guid: number === 3 ? '7130c94a-213a-4e5a-8e26-6cce9662f132' : 'e03dd35c-7c2d-4a47-b3fe-27f15780a57c',
  firstLba: 2048n + BigInt(number - 3) * SLOT_SECTORS,
  lastLba: 2048n + BigInt(number - 2) * SLOT_SECTORS - 1n,
  attributes: setPrio(0n, p),
});
const TOTAL = 8192n;
const table = (a: Parameters<typeof slot>[1], b: Parameters<typeof slot>[1]): GptTable => ({
  sectorSize: SS,
  totalSectors: TOTAL,
  diskGuid: '00000000-0000-0000-0000-000000000001',
  firstUsableLba: 34n,
  lastUsableLba: TOTAL - 34n,
  entryCount: 128,
  entrySize: 128,
  partitions: [slot(3, a), slot(4, b)],
});

const FRESH_A = { priority: 1, tries: 0, successful: true };
const NEVER = { priority: 0, tries: 0, successful: false };

interface Machine {
  dev: MemoryBlockDevice;
  ports: HostBootPorts;
  written: BootRecord[];
  runResets: number;
  healthRuns: number;
}

/** A disk with the table, an ext2 magic in each slot listed in `ext2`, and release files per slot (by offset). */
async function machine(
  t: GptTable,
  files: Record<number, Record<string, string>>,
  opts: { ext2?: number[]; health?: { ok: boolean; exitCode: number } } = {},
): Promise<Machine> {
  const dev = new MemoryBlockDevice(Number(TOTAL) * SS);
  await writeGpt(dev, t);
  for (const p of t.partitions) {
    if (!(opts.ext2 ?? [3, 4]).includes(p.number)) continue;
    const at = Number(p.firstLba) * SS + 1024 + 56;
    dev.bytes[at] = 0x53;
    dev.bytes[at + 1] = 0xef;
  }
  const m: Machine = {
    dev,
    written: [],
    runResets: 0,
    healthRuns: 0,
    ports: {
      device: dev,
      readSlotFile: async (offset, _size, path) => {
        const n = t.partitions.find((p) => Number(p.firstLba) * SS === offset)!.number;
        const text = files[n]?.[path];
        return text === undefined ? undefined : new TextEncoder().encode(text);
      },
      runHealth: async () => {
        m.healthRuns++;
        return { ...(opts.health ?? { ok: true, exitCode: 0 }), output: 'checked' };
      },
      root: {
        resetRun: async () => void m.runResets++,
        ensureMachineId: async () => undefined,
        writeBootRecord: async (r) => void m.written.push(r),
      },
      now: () => new Date('2026-12-07T05:00:00Z'),
      uuid: () => '11111111-2222-4333-8444-555555555555',
    },
  };
  return m;
}

const release = (v: string): Record<string, string> => ({
  '/share/flatcar/release': `FLATCAR_RELEASE_VERSION=${v}\nFLATCAR_RELEASE_BOARD=amd64-usr\n`,
});
const hash = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const IMG = '/images/disk.img';

async function attrsOnDisk(
  dev: MemoryBlockDevice,
): Promise<{ a: ReturnType<typeof getPrio>; b: ReturnType<typeof getPrio>; issues: number }> {
  const r = await readGpt(dev);
  const find = (n: number) => getPrio(r.table!.partitions.find((p) => p.number === n)!.attributes);
  return { a: find(3), b: find(4), issues: r.issues.length };
}

describe('hull host boot: the boot choice (gptprio.next) and what it writes', () => {
  const cases: {
    name: string;
    a: Parameters<typeof slot>[1];
    b: Parameters<typeof slot>[1];
    boots: 3 | 4;
    consumed: boolean;
    after: { a: ReturnType<typeof getPrio>; b: ReturnType<typeof getPrio> };
  }[] = [
    {
      name: 'a fresh image boots A, nothing consumed',
      a: FRESH_A,
      b: NEVER,
      boots: 3,
      consumed: false,
      after: { a: FRESH_A, b: NEVER },
    },
    {
      name: 'B prepared by an update (P2 T1 S0) boots B and its try is consumed (T0)',
      a: FRESH_A,
      b: { priority: 2, tries: 1, successful: false },
      boots: 4,
      consumed: true,
      after: { a: FRESH_A, b: { priority: 2, tries: 0, successful: false } },
    },
    {
      name: 'B with its try spent (P2 T0 S0) falls back to A',
      a: FRESH_A,
      b: { priority: 2, tries: 0, successful: false },
      boots: 3,
      consumed: false,
      after: { a: FRESH_A, b: { priority: 2, tries: 0, successful: false } },
    },
    {
      name: 'B marked good (P2 T0 S1) boots B, nothing consumed',
      a: { priority: 1, tries: 0, successful: true },
      b: { priority: 2, tries: 0, successful: true },
      boots: 4,
      consumed: false,
      after: { a: FRESH_A, b: { priority: 2, tries: 0, successful: true } },
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const m = await machine(table(c.a, c.b), { 3: release('1000.0.0'), 4: release('1000.0.1') });
      const r = await hostBoot(m.ports, { image: IMG });
      assert.equal(r.record.partition, c.boots);
      assert.equal(r.record.slot, c.boots === 3 ? 'A' : 'B');
      assert.equal(r.record.label, c.boots === 3 ? 'USR-A' : 'USR-B');
      assert.equal(r.record.release.FLATCAR_RELEASE_VERSION, c.boots === 3 ? '1000.0.0' : '1000.0.1');
      assert.equal(r.record.triesConsumed, c.consumed);
      assert.equal(r.gptWritten, c.consumed);
      const disk = await attrsOnDisk(m.dev);
      assert.deepEqual({ a: disk.a, b: disk.b }, c.after);
      assert.equal(disk.issues, 0, 'both copies agree');
      assert.deepEqual(m.written, [r.record]);
      assert.equal(m.runResets, 1);
      assert.deepEqual(r.record.health, { script: false, ok: true });
    });
  }

  test('a boot writes both GPT copies: a second boot of B (T0 now) falls back to A', async () => {
    const m = await machine(table(FRESH_A, { priority: 2, tries: 1, successful: false }), {
      3: release('1'),
      4: release('2'),
    });
    assert.equal((await hostBoot(m.ports, { image: IMG })).record.partition, 4);
    // Damage the primary header: the backup alone must say T0 too.
    m.dev.bytes.fill(0, SS, 2 * SS);
    const second = await hostBoot(m.ports, { image: IMG });
    assert.equal(second.record.partition, 3);
  });

  test('nothing bootable: HOST_NOT_BOOTABLE, nothing written, ROOT untouched', async () => {
    const m = await machine(table(NEVER, { priority: 2, tries: 0, successful: false }), {
      3: release('1'),
      4: release('2'),
    });
    const before = hash(m.dev.bytes);
    await assert.rejects(
      hostBoot(m.ports, { image: IMG }),
      (e: AppError) =>
        e.code === 'HOST_NOT_BOOTABLE' &&
        /USR-B\) priority 2 tries 0 successful 0/.test(e.message) &&
        /nothing was written/.test(e.message),
    );
    assert.equal(hash(m.dev.bytes), before);
    assert.equal(m.runResets + m.written.length, 0);
  });

  test('--dry-run: the choice, with no byte of the disk and no ROOT change, health not run', async () => {
    const m = await machine(table(FRESH_A, { priority: 2, tries: 1, successful: false }), {
      4: { ...release('2'), '/share/flatcar/health': 'exit 0' },
    });
    const before = hash(m.dev.bytes);
    const r: HostBootResult = await hostBoot(m.ports, { image: IMG, dryRun: true });
    assert.equal(r.record.partition, 4);
    assert.equal(r.record.triesConsumed, true);
    assert.deepEqual(r.after, { priority: 2, tries: 0, successful: false });
    assert.equal(r.gptWritten, false);
    assert.equal(hash(m.dev.bytes), before);
    assert.equal(m.runResets + m.written.length + m.healthRuns, 0);
  });

  test('the health script runs after run/ is emptied; its result is recorded', async () => {
    const m = await machine(
      table(FRESH_A, NEVER),
      {
        3: {
          ...release('1'),
          '/share/flatcar/health': 'exit 3',
          '/share/flatcar/update.conf': 'GROUP="beta"\n# c\nSERVER=http://x/v1/update\n',
        },
      },
      { health: { ok: false, exitCode: 3 } },
    );
    const r = await hostBoot(m.ports, { image: IMG });
    assert.deepEqual(r.record.health, { script: true, ok: false, exitCode: 3, output: 'checked' });
    assert.deepEqual(r.record.updateConf, { GROUP: 'beta', SERVER: 'http://x/v1/update' });
    assert.equal(m.healthRuns, 1);
  });

  const refusals: {
    name: string;
    files: Record<number, Record<string, string>>;
    ext2?: number[];
    code: string;
    message: RegExp;
  }[] = [
    {
      name: 'a slot without ext2',
      files: { 4: release('2') },
      ext2: [3],
      code: 'HOST_SLOT_UNREADABLE',
      message: /partition 4 \(USR-B\).*holds no filesystem, not ext2.*nothing was written/,
    },
    {
      name: 'no release file',
      files: { 4: {} },
      code: 'HOST_RELEASE_MISSING',
      message: /has no \/share\/flatcar\/release.*nothing was written/,
    },
    {
      name: 'a release without a version',
      files: { 4: { '/share/flatcar/release': 'FLATCAR_RELEASE_BOARD=amd64-usr\n' } },
      code: 'HOST_RELEASE_MISSING',
      message: /no FLATCAR_RELEASE_VERSION/,
    },
  ];
  for (const c of refusals) {
    test(`refused before any write: ${c.name} (${c.code})`, async () => {
      const m = await machine(
        table(FRESH_A, { priority: 2, tries: 1, successful: false }),
        c.files,
        c.ext2 ? { ext2: c.ext2 } : {},
      );
      const before = hash(m.dev.bytes);
      await assert.rejects(
        hostBoot(m.ports, { image: IMG }),
        (e: AppError) => e.code === c.code && c.message.test(e.message),
      );
      assert.equal(hash(m.dev.bytes), before, 'the try is not consumed');
      assert.equal(m.runResets + m.written.length, 0);
    });
  }

  test('not a GPT image: INPUT_INVALID', async () => {
    const m = await machine(table(FRESH_A, NEVER), {});
    m.dev.bytes.fill(0);
    await assert.rejects(
      hostBoot(m.ports, { image: IMG }),
      (e: AppError) => e.code === 'INPUT_INVALID' && /is not a GPT disk image/.test(e.message),
    );
  });
});

test('parseKeyValue: release and update.conf lines', () => {
  assert.deepEqual(parseKeyValue('A=1\n # x\n\nB = "two words"\nC=\'3\'\nbad line\n=x\nA=4\r\n'), {
    A: '4',
    B: 'two words',
    C: '3',
  });
});
