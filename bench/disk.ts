/**
 * Disk tooling speed: create + show + one attribute change on an 8 GiB sparse
 * image, Hull (the CLI, one process per step) against sgdisk, alternated in
 * this one process so both see the same machine load. Prints medians and the
 * ratio Hull/sgdisk.
 * Usage: npx tsx bench/disk.ts [RUNS]   (needs `node scripts/build.mjs` first; sgdisk from scripts/setup-system)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 10);
const hull = fileURLToPath(new URL('../bin/hull.cjs', import.meta.url));
if (!existsSync(new URL('../dist/hull.cjs', import.meta.url))) {
  console.error('disk bench: dist/ is missing: run `node scripts/build.mjs` first');
  process.exit(3);
}
const dir = mkdtempSync(join(tmpdir(), 'hull-bench-disk-'));
const img = join(dir, 'd.img');

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
}

function hullOnce(): number {
  rmSync(img, { force: true });
  const t = process.hrtime.bigint();
  run(process.execPath, [hull, 'disk', 'create', img, '--size', '8GiB', '--no-format']); // the table only, as sgdisk makes
  run(process.execPath, [hull, 'disk', 'show', img]);
  run(process.execPath, [hull, 'cgpt', 'add', '-i', '4', '-P', '2', '-T', '1', '-S', '0', img]);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function sgdiskOnce(): number {
  rmSync(img, { force: true });
  const t = process.hrtime.bigint();
  writeFileSync(img, '');
  truncateSync(img, 8 * 1024 ** 3);
  run('sgdisk', [
    '-n',
    '1:4096:+1G',
    '-t',
    '1:ef00',
    '-c',
    '1:EFI-SYSTEM',
    '-n',
    '2:0:+2M',
    '-t',
    '2:ef02',
    '-c',
    '2:BIOS-BOOT',
    '-n',
    '3:0:+2G',
    '-t',
    '3:8500',
    '-c',
    '3:USR-A',
    '-A',
    '3:=:0101000000000000',
    '-n',
    '4:0:+2G',
    '-t',
    '4:8500',
    '-c',
    '4:USR-B',
    '-n',
    '6:0:+1G',
    '-t',
    '6:8300',
    '-c',
    '6:OEM',
    '-n',
    '7:0:+64M',
    '-t',
    '7:8502',
    '-c',
    '7:OEM-CONFIG',
    '-n',
    '9:0:0',
    '-t',
    '9:8501',
    '-c',
    '9:ROOT',
    img,
  ]);
  run('sgdisk', ['-p', img]);
  run('sgdisk', ['-A', '4:=:0012000000000000', img]);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  hullOnce();
  sgdiskOnce();
  const h: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < runs; i++) {
    h.push(hullOnce());
    s.push(sgdiskOnce());
  }
  const mh = median(h);
  const ms = median(s);
  console.log(`create + show + attribute change, 8 GiB sparse image, ${runs} runs (medians)`);
  console.log(`hull   ${mh.toFixed(1)} ms`);
  console.log(`sgdisk ${ms.toFixed(1)} ms`);
  console.log(`ratio hull/sgdisk ${(mh / ms).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
