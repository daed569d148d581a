/**
 * Provisioning 2000 files: `hull provision --root` against Debian's Ignition
 * 2.14 engine (fetch-offline + files, run in a private mount namespace on a
 * tmpfs root; its time is measured inside the namespace, around the engine
 * only). Both start from the same base root. Prints the medians and the ratio
 * Hull / Ignition (below 1: Hull is faster).
 * Usage: npx tsx bench/provision.ts [RUNS]   (as root; needs `node scripts/build.mjs` first)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBase, requireTools, runReal, workDir } from '../test/interop/provision/harness.js';

const runs = Number(process.argv[2] ?? 3);
const N = 2000;
const hull = fileURLToPath(new URL('../bin/hull.cjs', import.meta.url));
requireTools();

const files = Array.from({ length: N }, (_, i) => ({
  path: `/srv/bench/d${i % 50}/f${i}.txt`,
  mode: i % 2 ? 0o644 : 0o600,
  user: { id: 1500 },
  contents: { source: `data:,file%20${i}%0A` },
}));
const config = JSON.stringify({ ignition: { version: '3.3.0' }, storage: { files } });

const work = workDir();
const base = buildBase(work);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const hullMs: number[] = [];
const realMs: number[] = [];
writeFileSync(join(work, 'bench.ign'), config);
for (let r = 0; r < runs; r++) {
  // On tmpfs too (/dev/shm), as the engine's scratch root is.
  const root = join(existsSync('/dev/shm') ? '/dev/shm' : work, `hull-bench-${process.pid}-${r}`);
  mkdirSync(root);
  spawnSync('tar', ['--numeric-owner', '-xpf', base, '-C', root]);
  const t0 = process.hrtime.bigint();
  const h = spawnSync(process.execPath, [hull, 'provision', '--root', root, join(work, 'bench.ign')], {
    encoding: 'utf8',
  });
  hullMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (h.status !== 0) throw new Error(`hull failed: ${h.stderr}${h.stdout}`);
  rmSync(root, { recursive: true, force: true });
  const real = runReal(work, base, `bench${r}`, config);
  if (!real.ok) throw new Error(`the engine failed: ${real.log.slice(-500)}`);
  const ns = /ignition-time-ns (\d+)/.exec(real.log);
  realMs.push(Number(ns?.[1] ?? NaN) / 1e6);
}
rmSync(work, { recursive: true, force: true });
const h = median(hullMs);
const i = median(realMs);
console.log(
  `provision ${N} files: hull ${h.toFixed(0)} ms, ignition ${i.toFixed(0)} ms (medians of ${runs}); ratio hull/ignition ${(h / i).toFixed(2)}`,
);
console.log(
  `goal (issue 19): ratio <= 0.50: ${h / i <= 0.5 ? 'met' : 'NOT met'}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
