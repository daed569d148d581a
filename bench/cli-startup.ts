/**
 * Start-up cost of the CLI: wall time of `hull --help` against bare
 * `node -e 0`, run alternately in this one process so both see the same
 * machine load. Prints the medians and their ratio; the goal is <= 1.3.
 * Usage: npm run bench:cli-startup [-- RUNS]   (needs `npm run build` first)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const GOAL = 1.3;
const runs = Number(process.argv[2] ?? 30);
const hull = fileURLToPath(new URL('../bin/hull.cjs', import.meta.url));
if (!existsSync(new URL('../dist/hull.cjs', import.meta.url))) {
  console.error('cli-startup: dist/ is missing: run `npm run build` first');
  process.exit(3);
}

function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const base: number[] = [];
const cli: number[] = [];
timeOnce(['-e', '0']);
timeOnce([hull, '--help']); // warm the file cache
for (let i = 0; i < runs; i++) {
  base.push(timeOnce(['-e', '0']));
  cli.push(timeOnce([hull, '--help']));
}
const ratio = median(cli) / median(base);
console.log(`node -e 0      median ${median(base).toFixed(1)} ms over ${runs} runs`);
console.log(`hull --help    median ${median(cli).toFixed(1)} ms over ${runs} runs`);
console.log(`ratio          ${ratio.toFixed(2)} (goal <= ${GOAL}: ${ratio <= GOAL ? 'met' : 'NOT met'})`);
