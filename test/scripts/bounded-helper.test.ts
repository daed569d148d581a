/**
 * test/helpers/bounded.ts holds a child to 512 MiB for real: memory outside
 * V8's heap (Buffers), which --max-old-space-size does not limit, is stopped
 * by the kernel's memory cgroup, and the runner says so; a child well under
 * the cap runs to its end. The fallback without a cgroup says `heap-only`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { assertCapHeld, CAP_MIB, runBounded, runBoundedAsync, type BoundedResult } from '../helpers/bounded.js';

/** A node script that fills `mib` MiB of Buffers (touched, so resident), then prints "done". */
const allocate = (mib: number): string[] => [
  '-e',
  `const a = []; for (let i = 0; i < ${mib}; i++) a.push(Buffer.alloc(1 << 20, 1)); console.log('done', a.length);`,
];

/** Fails, saying how to get one, when the runner could not make a memory cgroup here. */
function assertKernelCap(r: BoundedResult): void {
  assert.notEqual(
    r.cap,
    'heap-only',
    `no writable memory cgroup, so the 512 MiB cap cannot be enforced here (${r.capNote}); run the tests as root on a machine with the cgroup v1 memory controller or cgroup v2 with memory enabled`,
  );
}

test('a child allocating 700 MiB of Buffers is killed by the memory cgroup, and the runner reports the OOM kill', async (t) => {
  for (const run of [runBounded, runBoundedAsync]) {
    const r = await run([], { entry: allocate(700), timeoutMs: 60_000 });
    t.diagnostic(
      `${run.name}: ${r.cap} (${r.capNote}), status ${r.status}, signal ${r.signal}, cgroup peak ${r.cgroupPeakMiB} MiB`,
    );
    assertKernelCap(r);
    assert.equal(
      r.oomKilled,
      true,
      `${run.name}: not reported as OOM-killed: status ${r.status}, signal ${r.signal}, ${r.stdout}${r.stderr}`,
    );
    assert.equal(r.signal, 'SIGKILL', run.name);
    assert.equal(r.stdout, '', run.name);
    assert.ok(Number.isNaN(r.maxRssMiB), `${run.name}: a killed child records no usage`);
    assert.ok(
      r.cgroupPeakMiB === null || r.cgroupPeakMiB <= CAP_MIB,
      `${run.name}: cgroup peak ${r.cgroupPeakMiB} MiB`,
    );
    assert.equal(existsSync(r.cgroupDir!), false, `${run.name}: the cgroup is removed`);
    // and assertCapHeld turns it into a failure that names the cause
    assert.throws(
      () => assertCapHeld(t, r, 'allocate 700'),
      /allocate 700: killed by the kernel's OOM killer at the 512 MiB memory cgroup cap/,
    );
  }
});

test('a child allocating 100 MiB of Buffers runs to its end under the cap', async (t) => {
  for (const run of [runBounded, runBoundedAsync]) {
    const r = await run([], { entry: allocate(100), timeoutMs: 60_000 });
    assertKernelCap(r);
    assertCapHeld(t, r, `${run.name}: allocate 100`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'done 100\n');
    assert.ok(r.maxRssMiB > 100 && r.maxRssMiB < CAP_MIB, `peak RSS ${r.maxRssMiB} MiB`);
    assert.ok(r.cpuMs > 0);
  }
});

test('without a cgroup the result says heap-only: 700 MiB of Buffers is then not stopped', (t) => {
  const r = runBounded([], { entry: allocate(700), cgroup: false, timeoutMs: 60_000 });
  assert.equal(r.cap, 'heap-only');
  assert.equal(r.cgroupPeakMiB, null);
  assert.equal(r.oomKilled, false);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.maxRssMiB > 700, `peak RSS ${r.maxRssMiB} MiB`);
  assertCapHeld(t, r, 'heap-only run');
});

test('stdin from a file, and the heap cap is V8’s', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hull-bounded-helper-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const input = join(dir, 'in');
  writeFileSync(input, 'x'.repeat(1000));
  const r = runBounded([], {
    entry: [
      '-e',
      'let n = 0; process.stdin.on("data", (d) => (n += d.length)).on("end", () => console.log(n, require("v8").getHeapStatistics().heap_size_limit >> 20))',
    ],
    stdinFile: input,
    heapMiB: 256,
  });
  assert.equal(r.status, 0, r.stderr);
  const [bytes, limit] = r.stdout.trim().split(' ').map(Number);
  assert.equal(bytes, 1000);
  assert.ok(limit! >= 256 && limit! < 320, `heap limit ${limit} MiB`);
});
