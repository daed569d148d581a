/**
 * ct and Butane transpiler speed: (1) configs per second over the golden corpus
 * (test/fixtures/ct) in this one process, `transpileCt` plus marshalling;
 * (2) the wall time of one `hull ct -in-file X` call against bare
 * `node -e 0` (medians, run alternately); (3) when the reference ct is
 * found (CT_BIN) the same call with it; (4) the same two measures for Butane over
 * test/fixtures/butane (bench/transpile-butane.ts compares 1 MB with the real butane).
 * Usage: npx tsx bench/transpile.ts [RUNS]   (needs `node scripts/build.mjs` first)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marshalConfig, v2_3 } from '../src/ignition/index.js';
import { butane, transpileCt } from '../src/transpile/index.js';

const runs = Number(process.argv[2] ?? 20);
const fixtures = fileURLToPath(new URL('../test/fixtures/ct/', import.meta.url));
const hull = fileURLToPath(new URL('../bin/hull.cjs', import.meta.url));
if (!existsSync(new URL('../dist/hull.cjs', import.meta.url))) {
  console.error('transpile bench: dist/ is missing: run `node scripts/build.mjs` first');
  process.exit(3);
}

const cases = readdirSync(fixtures).filter((d) => existsSync(join(fixtures, d, 'input.yaml')));
const inputs = cases.map((d) => {
  const args = existsSync(join(fixtures, d, 'args')) ? readFileSync(join(fixtures, d, 'args'), 'utf8') : '';
  const platform = /-platform\s+(\S+)/.exec(args)?.[1] ?? '';
  return { text: readFileSync(join(fixtures, d, 'input.yaml'), 'utf8'), platform };
});
const local = { readLocal: () => ({ ok: true as const, data: new TextEncoder().encode('local file\n') }) };

function once(): void {
  for (const { text, platform } of inputs) {
    const r = transpileCt(text, { platform, ...local });
    if (r.config !== undefined) marshalConfig(v2_3.schema, r.config, { pretty: false });
  }
}
for (let i = 0; i < 20; i++) once(); // warm up
const start = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let n = 0;
while (Number(process.hrtime.bigint() - start) < 3e9) {
  once();
  n += inputs.length;
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
/** Configs per CPU second (this process's threads, the collector's included): on a loaded machine the wall rate mostly measures the wait. */
const cpuRate = (from: NodeJS.CpuUsage, count: number): string => {
  const u = process.cpuUsage(from);
  return (count / ((u.user + u.system) / 1e6)).toFixed(0);
};
const ctCpuRate = cpuRate(cpu0, n);
/**
 * 15 short batches (3 passes over the corpus each): the best and the median batch, wall and CPU
 * rates. On a loaded machine the 3-second average mostly measures the wait for a core; the best
 * batch is the rate when the process had one (the collector's work falls in some batches more than
 * others, hence the median beside).
 */
function batches(pass: () => void, configs: number): string {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let b = 0; b < 15; b++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < 3; k++) pass();
    const u = process.cpuUsage(c0);
    walls.push(Number(process.hrtime.bigint() - t0) / 1e9);
    cpus.push((u.user + u.system) / 1e6);
  }
  const rate = (secs: number): string => ((3 * configs) / secs).toFixed(0);
  const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
  const [w, c] = [sorted(walls), sorted(cpus)];
  return `15 batches of 3 passes: best ${rate(w[0]!)} configs/s (${rate(c[0]!)} per CPU second), median ${rate(w[7]!)} configs/s (${rate(c[7]!)} per CPU second)`;
}
const GOAL_RATE = 3000;
console.log(
  `in process     ${(n / secs).toFixed(0)} configs/s over ${inputs.length} corpus configs (${n} transpiled in ${secs.toFixed(1)} s; ${ctCpuRate} per CPU second); goal (issue 19) >= ${GOAL_RATE}: ${n / secs >= GOAL_RATE ? 'met' : 'NOT met'}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`in process     ${batches(once, inputs.length)}`);

const sample = join(fixtures, 'etcd-default', 'input.yaml');
function timeOnce(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const refEnv = process.env['CT_BIN'];
const ref = refEnv !== undefined && existsSync(refEnv) ? refEnv : undefined;
const base: number[] = [];
const cli: number[] = [];
const refs: number[] = [];
timeOnce(process.execPath, ['-e', '0']);
timeOnce(process.execPath, [hull, 'ct', '-in-file', sample]);
for (let i = 0; i < runs; i++) {
  base.push(timeOnce(process.execPath, ['-e', '0']));
  cli.push(timeOnce(process.execPath, [hull, 'ct', '-in-file', sample]));
  if (ref !== undefined) refs.push(timeOnce(ref, ['-in-file', sample]));
}
console.log(`node -e 0      median ${median(base).toFixed(1)} ms over ${runs} runs`);
console.log(
  `hull ct        median ${median(cli).toFixed(1)} ms (ratio to node -e 0: ${(median(cli) / median(base)).toFixed(2)})`,
);
if (ref === undefined) console.log('reference ct   reference not found (set CT_BIN)');
else
  console.log(
    `reference ct   median ${median(refs).toFixed(1)} ms (hull / ct: ${(median(cli) / median(refs)).toFixed(2)})`,
  );

// Butane: the same two measures over the Butane golden corpus (test/fixtures/butane),
// in process (no files directory, no gzip port) and one `hull butane` call;
// bench/transpile-butane.ts compares a 1 MB config with the real butane (BUTANE_BIN).
const butaneFixtures = fileURLToPath(new URL('../test/fixtures/butane/', import.meta.url));
const butaneInputs = readdirSync(butaneFixtures)
  .filter((d) => existsSync(join(butaneFixtures, d, 'config.bu')))
  .map((d) => readFileSync(join(butaneFixtures, d, 'config.bu'), 'utf8'));
const onceButane = (): void => {
  for (const text of butaneInputs) butane.transpileButane(text, { pretty: false });
};
for (let i = 0; i < 5; i++) onceButane();
const bStart = process.hrtime.bigint();
const bCpu0 = process.cpuUsage();
let bn = 0;
while (Number(process.hrtime.bigint() - bStart) < 3e9) {
  onceButane();
  bn += butaneInputs.length;
}
const bSecs = Number(process.hrtime.bigint() - bStart) / 1e9;
const buCpuRate = cpuRate(bCpu0, bn);
console.log(
  `butane in process ${(bn / bSecs).toFixed(0)} configs/s over ${butaneInputs.length} corpus configs (${buCpuRate} per CPU second); goal (issue 19) >= ${GOAL_RATE}: ${bn / bSecs >= GOAL_RATE ? 'met' : 'NOT met'}`,
);
console.log(`butane in process ${batches(onceButane, butaneInputs.length)}`);
const butaneSample = join(butaneFixtures, 'flatcar-1_1-full', 'config.bu');
if (existsSync(butaneSample)) {
  const bcli: number[] = [];
  timeOnce(process.execPath, [hull, 'butane', butaneSample]);
  for (let i = 0; i < runs; i++) bcli.push(timeOnce(process.execPath, [hull, 'butane', butaneSample]));
  console.log(
    `hull butane    median ${median(bcli).toFixed(1)} ms (ratio to node -e 0: ${(median(bcli) / median(base)).toFixed(2)})`,
  );
}
