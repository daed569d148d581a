/**
 * `npm run bench:sim`: `hull sim run` with 1 000 machines through one full
 * rollout (a good release promoted at once, no safe mode, no rate limit, the
 * machines rebooting as soon as it is applied), as a child process
 * (bin/hull.cjs). Prints the wall time, the child's peak RSS and the disk
 * bytes the run used (images, payloads, the server's data: st_blocks).
 * Goal: < 120 s and < 2 GiB RSS on this machine; the disk figure is
 * reported (the machines' sparse images: about 1 MiB written each).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskBytesUsed } from '../src/adapters/sim/images.js';

const MACHINES = 1000;
const GiB = 1024 ** 3;

const scenario = `scenario: 1
name: bench-rollout
description: ${MACHINES} machines take a good release at once
start: 2026-01-05T08:00:00Z
duration: 90m
seed: 1
releases:
  - version: 3815.2.0
  - version: 3850.0.0
server:
  channels:
    - name: stable
      release: 3815.2.0
  groups:
    - name: fleet
      channel: stable
      policy: { safeMode: false, maxUpdatesPerPeriod: 1000000, periodIntervalSeconds: 1h }
fleet:
  - group: fleet
    machines: ${MACHINES}
    version: 3815.2.0
    reboot: { strategy: reboot }
events:
  - at: 1m
    promote: { release: 3850.0.0, channel: stable }
expect:
  finalVersions: { fleet: 3850.0.0 }
`;

const dir = mkdtempSync(join(tmpdir(), 'hull-bench-sim-'));
try {
  writeFileSync(join(dir, 'bench.yaml'), scenario);
  const usage = join(dir, 'usage.json');
  const out = join(dir, 'out');
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      '--require',
      new URL('../test/helpers/usage-on-exit.cjs', import.meta.url).pathname,
      new URL('../bin/hull.cjs', import.meta.url).pathname,
      'sim',
      'run',
      join(dir, 'bench.yaml'),
      '--out',
      out,
    ],
    {
      env: { ...process.env, HULL_USAGE_FILE: usage },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const wall = (Date.now() - t0) / 1000;
  if (r.status !== 0) {
    console.log(r.stdout, r.stderr);
    throw new Error(`hull sim run exited ${r.status}`);
  }
  const u = JSON.parse(readFileSync(usage, 'utf8')) as { maxRssKiB: number; cpuUs: number };
  const rss = (u.maxRssKiB * 1024) / GiB;
  const disk = await diskBytesUsed(out);
  console.log(r.stdout.trim());
  console.log('');
  console.log(`hull sim run, ${MACHINES} machines, one full rollout (90 min simulated)`);
  console.log(`  wall time      ${wall.toFixed(1)} s   (goal < 120 s)`);
  console.log(`  CPU time       ${(u.cpuUs / 1e6).toFixed(1)} s`);
  console.log(`  peak RSS       ${(rss * 1024).toFixed(0)} MiB   (goal < 2 GiB)`);
  console.log(`  disk used      ${(disk / 1024 ** 2).toFixed(0)} MiB   (images, payloads, the server's data)`);
  console.log(`  goals: ${wall < 120 ? 'met' : 'MISSED'} (time), ${rss < 2 ? 'met' : 'MISSED'} (memory)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
