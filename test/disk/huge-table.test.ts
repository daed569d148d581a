import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { createImage } from '../../src/adapters/disk/image-file.js';
import { USR_TYPE_GUID, writeGpt, type GptPartition, type GptTable } from '../../src/disk/index.js';
import { assertCapHeld, runBounded } from '../helpers/bounded.js';

// Tables of 131 072 entries (the largest entry array Hull reads, 16 MiB): slot
// commands stay linear, and 125 000 bad entries give a normal report. Each run
// of the real binary: under 10 s of CPU, in a 512 MiB memory cgroup with V8's
// heap capped at 512 MiB (test/helpers/bounded.ts).

const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hull-huge-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const COUNT = 131072;
const SS = 512;
const ES = BigInt((COUNT * 128) / SS);
const FIRST = 2n + ES;
const TOTAL = FIRST + BigInt(COUNT) * 2n + ES + 1n + 64n;
const LAST = TOTAL - 2n - ES;
const guid = (i: number, kind: number): string => `0000000${kind}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

async function image(
  name: string,
  part: (i: number) => Omit<GptPartition, 'number' | 'guid' | 'typeGuid' | 'name'>,
): Promise<string> {
  const partitions: GptPartition[] = [];
  for (let i = 0; i < COUNT; i++)
    partitions.push({ number: i + 1, typeGuid: USR_TYPE_GUID, guid: guid(i + 1, 1), name: `USR-${i + 1}`, ...part(i) });
  const t: GptTable = {
    sectorSize: SS,
    totalSectors: TOTAL,
    diskGuid: guid(0, 2),
    firstUsableLba: FIRST,
    lastUsableLba: LAST,
    entryCount: COUNT,
    entrySize: 128,
    partitions,
  };
  const path = join(dir, name);
  const dev = await createImage(path, Number(TOTAL) * SS);
  await writeGpt(dev, t);
  await dev.close();
  return path;
}

/**
 * Runs the real binary under test/helpers/bounded.ts (a 512 MiB memory cgroup,
 * V8's heap capped at 512 MiB). "Under 10 s" is asserted on the process's CPU
 * time (user + system), which does not grow when other processes load the
 * machine; the wall time is printed.
 */
function timed(t: TestContext, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = runBounded(args);
  assertCapHeld(t, r, `hull ${args.join(' ')}`);
  assert.doesNotMatch(r.stderr, /Maximum call stack|INTERNAL|heap out of memory/, `hull ${args.join(' ')}`);
  assert.ok(r.cpuMs < 10_000, `hull ${args.join(' ')} took ${Math.round(r.cpuMs)} ms of CPU`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('131 072 usr entries: disk next --commit, mark-good and cgpt prioritize finish in seconds under a 512 MiB heap', async (t) => {
  // 1: booted (priority 1, successful); 2: updated (priority 2, 3 tries); the rest never written (all 0)
  const path = await image('slots.img', (i) => ({
    firstLba: FIRST + BigInt(i),
    lastLba: FIRST + BigInt(i),
    attributes: i === 0 ? 0x0101000000000000n : i === 1 ? 0x0032000000000000n : 0n,
  }));
  const next = timed(t, ['-o', 'json', 'disk', 'next', '--commit', path]);
  assert.equal(next.status, 0, next.stderr);
  assert.deepEqual(JSON.parse(next.stdout).result, { number: 2, label: 'USR-2', guid: guid(2, 1) });
  assert.equal(next.stderr, '');
  const good = timed(t, ['disk', 'mark-good', path]);
  assert.equal(good.status, 0, good.stderr);
  assert.equal(good.stdout, 'partition 2 marked good\n');
  const prio = timed(t, ['cgpt', 'prioritize', '-i', '1', path]);
  assert.equal(prio.status, 0, prio.stderr);
  const shown = JSON.parse(timed(t, ['-o', 'json', 'disk', 'show', path]).stdout).result as {
    partitions: { number: number; priority: number; tries: number; successful: boolean }[];
  };
  const p = (n: number) => shown.partitions[n - 1]!;
  // prioritize 1 over 2 (priorities 2 and 1); 2 marked good (successful, tries 0); the never-written slots stay at priority 0
  assert.deepEqual(
    [p(1).priority, p(2).priority, p(2).successful, p(2).tries, p(3).priority, p(COUNT).priority],
    [2, 1, true, 0, 0, 0],
  );
});

test('125 000 bad entries: verify and -o json verify give the report (exit 1), not a crash', async (t) => {
  // entries 1..125000 bad, in thirds: inverted, outside the usable LBAs (each at its own LBA), and
  // sharing one LBA (n entries on one LBA are n - 1 overlaps); the rest good
  const BAD = 125000;
  const path = await image('bad.img', (i) => {
    const at = FIRST + BigInt(i) * 2n;
    if (i >= BAD) return { firstLba: at, lastLba: at, attributes: 0n };
    if (i % 3 === 0) return { firstLba: at + 1n, lastLba: at, attributes: 0n };
    if (i % 3 === 1) return { firstLba: LAST + 1n + BigInt(i), lastLba: LAST + 1n + BigInt(i), attributes: 0n };
    return { firstLba: FIRST, lastLba: FIRST, attributes: 0n };
  });
  const json = timed(t, ['-o', 'json', 'disk', 'verify', path]);
  assert.equal(json.status, 1, json.stderr);
  const report = JSON.parse(json.stdout) as { ok: boolean; issues: { code: string }[] };
  assert.equal(report.ok, false);
  const byCode = new Map<string, number>();
  for (const i of report.issues) byCode.set(i.code, (byCode.get(i.code) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(byCode), {
    DISK_PARTITION_INVERTED: 41667,
    DISK_PARTITION_OUTSIDE: 41667,
    DISK_PARTITION_OVERLAP: 41665,
  });
  const text = timed(t, ['disk', 'verify', path]);
  assert.equal(text.status, 1);
  assert.equal(text.stderr.split('\n').filter((l) => / error DISK_PARTITION_/.test(l)).length, BAD - 1);
  assert.equal(text.stdout, `${path}: GPT has errors\n`);
});
