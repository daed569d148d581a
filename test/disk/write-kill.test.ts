import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { openDevice } from '../../src/adapters/disk/image-file.js';
import {
  blockingIssues,
  entrySectors,
  flatcarLayout,
  gptprioNext,
  prioritize,
  readGpt,
  setPrio,
  writeGpt,
  writeOptionsFor,
  type GptTable,
  type SectorSize,
} from '../../src/disk/index.js';
import { FaultBlockDevice } from './fault-device.js';
import { hullInProcess } from '../helpers/in-process.js';
import { tool } from './tools.js';

// Kill injection, in process, at EVERY write and flush of the GPT write path
// (a write is also torn in half), for both sector sizes, for three table
// changes (the ones of `disk next --commit`, `cgpt add` and `cgpt
// prioritize`), starting from a clean disk, from one whose primary is damaged
// and from one whose copies disagree. After each kill: a valid table (the old
// or the new one) is read with nothing that blocks writing; `hull disk verify
// --repair` (the CLI code, in process) leaves a table `sgdisk -v` accepts;
// `disk next --commit`, `cgpt prioritize` and `disk mark-good` work on it.
// test/disk/write-kill-process.test.ts kills the real binary with strace.

// On tmpfs when there is one: the test makes thousands of fsyncs, which cost nothing there.
const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hull-kill-'));
const loops: string[] = [];
after(() => {
  for (const l of loops) spawnSync('losetup', ['-d', l]);
  rmSync(dir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
const small = { efi: 4 * MiB, biosBoot: 2 * MiB, usr: 8 * MiB, oem: 4 * MiB, oemConfig: 2 * MiB, rootMin: 2 * MiB };
const seq = (): ((n: number) => Uint8Array) => {
  let k = 7;
  return (n) => Uint8Array.from({ length: n }, () => (k = (k * 73 + 41) % 251));
};
const withP = (t: GptTable, n: number, p: Parameters<typeof setPrio>[1]): GptTable => ({
  ...t,
  partitions: t.partitions.map((x) => (x.number === n ? { ...x, attributes: setPrio(x.attributes, p) } : x)),
});

function baseTable(ss: SectorSize): GptTable {
  const r = flatcarLayout({ sizeBytes: SIZE, sectorSize: ss, sizes: small, random: seq() });
  assert.ok(r.ok);
  // USR-A booted (priority 1, successful), USR-B just updated (priority 2, 3 tries).
  return withP(withP(r.table, 3, { priority: 1, tries: 0, successful: true }), 4, {
    priority: 2,
    tries: 3,
    successful: false,
  });
}

/** The device path the tools see: the image file (512) or a 4096-byte loop device over it (sgdisk detects 4096-byte sectors only on a block device). */
function devicePath(ss: SectorSize): string {
  const img = join(dir, `k${ss}.img`);
  closeSync(openSync(img, 'w'));
  spawnSync('truncate', ['-s', String(SIZE), img]);
  if (ss === 512) return img;
  assert.equal(
    process.getuid?.(),
    0,
    'this test needs root (losetup -b 4096); run npm test as root as the README says',
  );
  const lo = spawnSync('losetup', ['-f', '--show', '-b', '4096', img], { encoding: 'utf8' });
  assert.equal(lo.status, 0, `losetup failed: ${lo.stderr}`);
  loops.push(lo.stdout.trim());
  return lo.stdout.trim();
}

const OPS: Record<string, (t: GptTable) => GptTable> = {
  'disk next --commit': (t) => {
    const n = gptprioNext(t);
    assert.ok(n?.changed);
    return n.table;
  },
  'cgpt add -i 4 -P 5 -T 1': (t) => withP(t, 4, { priority: 5, tries: 1 }),
  'cgpt prioritize -i 3': (t) => prioritize(t, 3),
};

type State = 'clean' | 'primary damaged' | 'copies disagree';

for (const ss of [512, 4096] as const) {
  test(`a kill at every write and flush leaves a recoverable GPT; repair satisfies sgdisk -v; slot commands work (${ss}-byte sectors)`, async () => {
    tool('sgdisk', ['--version']);
    const path = devicePath(ss);
    const base = baseTable(ss);
    const es = Number(entrySectors(ss));
    const headEnd = (2 + es) * ss;
    const tailAt = SIZE - (1 + es) * ss;
    {
      const dev = await openDevice(path, { writable: true });
      await writeGpt(dev, base);
      await dev.close();
    }
    const snapshot = await (async () => {
      const dev = await openDevice(path);
      const s = { head: await dev.read(0, headEnd), tail: await dev.read(tailAt, SIZE - tailAt) };
      await dev.close();
      return s;
    })();
    /** Puts the disk in `state` and returns the table a reader uses then. */
    const setUp = async (state: State): Promise<GptTable> => {
      const dev = await openDevice(path, { writable: true });
      try {
        await dev.write(0, snapshot.head);
        await dev.write(tailAt, snapshot.tail);
        if (state === 'primary damaged') await dev.write(ss + 40, Uint8Array.of(0xff ^ snapshot.head[ss + 40]!));
        if (state === 'copies disagree') {
          // a `cgpt add -i 4 -T 9` killed between the copies: the backup is new, the primary old
          await writeGpt(new FaultBlockDevice(dev, 2), withP(base, 4, { tries: 9 })).catch(() => undefined);
        }
        await dev.flush();
        const r = await readGpt(dev);
        assert.ok(r.table);
        assert.equal(r.source, state === 'clean' ? 'primary' : 'backup', state);
        return r.table;
      } finally {
        await dev.close();
      }
    };
    const cases: [State, string][] = [
      ...Object.keys(OPS).map((op): [State, string] => ['clean', op]),
      ['primary damaged', 'disk next --commit'],
      ['copies disagree', 'disk next --commit'],
    ];
    let checked = 0;
    for (const [state, opName] of cases) {
      const op = OPS[opName]!;
      // a run without a kill: counts the steps (writes and flushes)
      const before = await setUp(state);
      const counter = await (async () => {
        const dev = await openDevice(path, { writable: true });
        const f = new FaultBlockDevice(dev);
        const r = await readGpt(f);
        await writeGpt(f, op(r.table!), writeOptionsFor({ table: r.table!, source: r.source! }));
        await dev.close();
        return f;
      })();
      assert.ok(counter.steps >= (state === 'clean' ? 6 : 9), `${state}: ${counter.log.join(', ')}`);
      const newTable = op(before);
      for (let k = 0; k < counter.steps; k++) {
        for (const mode of counter.isWrite(k) ? (['before', 'half'] as const) : (['before'] as const)) {
          const what = `${state}, ${opName}, killed at step ${k} (${counter.log[k]}, ${mode})`;
          await setUp(state);
          const dev = await openDevice(path, { writable: true });
          const f = new FaultBlockDevice(dev, k, mode);
          const r = await readGpt(f);
          await assert.rejects(
            writeGpt(f, op(r.table!), writeOptionsFor({ table: r.table!, source: r.source! })),
            /killed/,
          );
          const got = await readGpt(dev);
          await dev.close();
          assert.ok(got.table, `${what}: a table is readable`);
          assert.ok(
            isDeepStrictEqual(got.table, before) || isDeepStrictEqual(got.table, newTable),
            `${what}: the old or the new table is read`,
          );
          assert.deepEqual(blockingIssues(got.issues), [], `${what}: nothing blocks writing`);

          const rep = await hullInProcess(['disk', 'verify', '--repair', path]);
          assert.equal(rep.status, 0, `${what}: verify --repair: ${rep.stderr}${rep.stdout}`);
          const again = await openDevice(path);
          const settled = await readGpt(again);
          await again.close();
          assert.deepEqual(settled.issues, [], `${what}: no issue after repair`);
          assert.deepEqual(settled.table, got.table, `${what}: repair keeps the table that was read`);
          const v = tool('sgdisk', ['-v', path]);
          assert.equal(v.status, 0, `${what}: sgdisk -v: ${v.stdout}${v.stderr}`);
          assert.match(v.stdout, /No problems found/, `${what}: sgdisk -v`);
          for (const args of [
            ['disk', 'next', '--commit'],
            ['cgpt', 'prioritize', '-i', '4'],
            ['disk', 'mark-good'],
          ]) {
            const s = await hullInProcess([...args, path]);
            assert.equal(s.status, 0, `${what}: hull ${args.join(' ')}: ${s.stderr}`);
          }
          assert.equal(
            (await hullInProcess(['disk', 'verify', path])).status,
            0,
            `${what}: verify after the slot commands`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked >= 50, `${checked} kill points checked`);
    console.log(`${ss}: ${checked} kill points checked`);
  });
}
