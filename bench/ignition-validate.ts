/**
 * Ignition validation speed: Hull against the reference `ignition-validate`
 * (Debian's Ignition 2.14) on one generated Ignition 3.3.0 config of about
 * 1 MB: 5000 files (varied paths, data: URLs, modes, owners, some with
 * hashes), 400 directories, 300 links, a few units and users. The config is
 * valid, so every rule runs to the end in both tools.
 *
 * Times, in this one process and alternating so all see the same machine load:
 *   - Hull in-process: validateConfigText(text) (after a warm-up);
 *   - Hull as a CLI call: `node bin/hull.cjs ignition validate FILE`;
 *   - `ignition-validate FILE`.
 * Prints the median of each and the ratios Hull / ignition-validate.
 *
 * Usage: npx tsx bench/ignition-validate.ts [RUNS] [--pretty] [--keep]
 *   (package.json script suggestion: "bench:ignition-validate": "tsx bench/ignition-validate.ts";
 *    needs `npm run build` for the CLI case and `scripts/setup-system` for ignition-validate;
 *    --pretty writes the config indented instead of compact; --keep leaves the file in the temp folder)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateConfigText } from '../src/ignition/index.js';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
const pretty = args.includes('--pretty');
const keep = args.includes('--keep');
const IGNITION_VALIDATE = '/usr/bin/ignition-validate';
const hull = fileURLToPath(new URL('../bin/hull.cjs', import.meta.url));

if (!existsSync(new URL('../dist/hull.cjs', import.meta.url))) {
  console.error('ignition-validate bench: dist/ is missing: run `npm run build` first');
  process.exit(3);
}
if (!existsSync(IGNITION_VALIDATE)) {
  console.error('ignition-validate bench: ignition-validate is missing: install it with `scripts/setup-system`');
  process.exit(3);
}

// ---------------------------------------------------------------------------
// The config: deterministic (a small LCG), so every run measures the same text.

let state = 0x2545f491;
const rand = (n: number): number => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return (state >>> 8) % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

const TOP = ['etc', 'opt', 'var/lib', 'usr/local', 'srv', 'home/core'];
const SUB = [
  'app',
  'hull',
  'nginx',
  'prometheus',
  'etcd',
  'flannel',
  'docker',
  'systemd/system',
  'profile.d',
  'conf.d',
];
const EXT = ['.conf', '.yaml', '.json', '.sh', '.env', '', '.toml', '.pem'];
const MODES = [420, 384, 493, 416, 448, 292];
const WORDS = [
  'listen',
  'server',
  'port',
  'timeout',
  'enabled',
  'cluster',
  'endpoint',
  'region',
  'token',
  'replicas',
  'level',
  'path',
];

/** A data: URL carrying a few lines of key=value text, percent-encoded as Butane and ct write them. */
function dataUrl(i: number): string {
  const lines: string[] = [];
  const n = 2 + rand(5);
  for (let k = 0; k < n; k++) lines.push(`${pick(WORDS)}_${k}=${pick(WORDS)}-${i}-${rand(100000)}`);
  return (
    'data:,' +
    encodeURIComponent(lines.join('\n') + '\n').replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    )
  );
}
const hex = (len: number): string => Array.from({ length: len }, () => '0123456789abcdef'[rand(16)]).join('');

function buildConfig(): unknown {
  const dirs = new Set<string>();
  const files: unknown[] = [];
  for (let i = 0; i < 5000; i++) {
    const dir = `/${pick(TOP)}/${pick(SUB)}/d${i % 97}`;
    dirs.add(dir);
    const f: Record<string, unknown> = { path: `${dir}/file-${i}${pick(EXT)}`, mode: pick(MODES) };
    const r = rand(10);
    if (r < 6) f.contents = { source: dataUrl(i) };
    else if (r < 8)
      f.contents = { source: `https://files.example.com/${i}/${hex(8)}`, verification: { hash: `sha512-${hex(128)}` } };
    else if (r < 9) f.append = [{ source: dataUrl(i) }];
    if (r < 8 && rand(3) === 0) f.overwrite = true;
    if (rand(4) === 0) f.user = { name: 'core' };
    if (rand(5) === 0) f.group = { id: 500 + rand(10) };
    files.push(f);
  }
  const directories = [...dirs].slice(0, 400).map((path, i) => ({ path, mode: i % 3 === 0 ? 448 : 493 }));
  const links = Array.from({ length: 300 }, (_, i) => ({
    path: `/usr/local/links/l${i}/current`,
    target: `/opt/releases/r${i}`,
    ...(i % 10 === 0 ? { hard: false, overwrite: true } : {}),
  }));
  const unit = (name: string): unknown => ({
    name,
    enabled: true,
    contents: `[Unit]\nDescription=${name}\n\n[Service]\nExecStart=/usr/bin/${name}\n\n[Install]\nWantedBy=multi-user.target\n`,
    dropins: [{ name: '10-env.conf', contents: '[Service]\nEnvironment=A=1\n' }],
  });
  return {
    ignition: { version: '3.3.0' },
    passwd: {
      users: [
        {
          name: 'core',
          sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchKeyNotRealAAAAAAAAAAAAAAAAAAAAAA core'],
        },
        { name: 'ops', uid: 1100, groups: ['wheel'] },
      ],
    },
    storage: { files, directories, links },
    systemd: { units: Array.from({ length: 20 }, (_, i) => unit(`svc-${i}.service`)) },
  };
}

const text = pretty ? JSON.stringify(buildConfig(), null, 2) + '\n' : JSON.stringify(buildConfig());
const dir = mkdtempSync(join(tmpdir(), 'hull-bench-ign-'));
const file = join(dir, 'bench.ign');
writeFileSync(file, text);

// ---------------------------------------------------------------------------

function timeCmd(cmd: string, argv: string[]): { ms: number; status: number | null; out: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}
/** CPU time of each in-process run (this process's threads, the collector's included): on a loaded machine wall time mostly measures the wait. */
const inProcCpu: number[] = [];
function timeInProcess(): number {
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const r = validateConfigText(text);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  inProcCpu.push((cpu.user + cpu.system) / 1000);
  if (r.report.isFatal()) throw new Error('Hull found errors in the bench config');
  return ms;
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

// Sanity: both tools accept the config, so both run every rule.
const firstRef = timeCmd(IGNITION_VALIDATE, [file]);
const firstHull = timeCmd(process.execPath, [hull, 'ignition', 'validate', file]);
if (firstRef.status !== 0 || firstHull.status !== 0) {
  console.error(`bench config not accepted: ignition-validate exit ${firstRef.status}, hull exit ${firstHull.status}`);
  console.error(firstRef.out.split('\n').slice(0, 5).join('\n'));
  console.error(firstHull.out.split('\n').slice(0, 5).join('\n'));
  process.exit(1);
}
for (let i = 0; i < 3; i++) timeInProcess(); // warm up the JIT
inProcCpu.length = 0;

const inProc: number[] = [];
const cli: number[] = [];
const ref: number[] = [];
for (let i = 0; i < runs; i++) {
  inProc.push(timeInProcess());
  cli.push(timeCmd(process.execPath, [hull, 'ignition', 'validate', file]).ms);
  ref.push(timeCmd(IGNITION_VALIDATE, [file]).ms);
}
if (!keep) rmSync(dir, { recursive: true, force: true });

const mRef = median(ref);
const row = (label: string, ms: number): string => `${label.padEnd(34)} median ${ms.toFixed(1).padStart(8)} ms`;
console.log(
  `config: ${(text.length / 1024 / 1024).toFixed(2)} MB ${pretty ? 'pretty' : 'compact'}, 5000 files, 400 directories, 300 links, ${runs} runs each${keep ? `, kept at ${file}` : ''}`,
);
console.log(`${row('hull in-process (validateConfigText)', median(inProc))} (CPU ${median(inProcCpu).toFixed(1)} ms)`);
console.log(row('hull ignition validate FILE (CLI)', median(cli)));
console.log(row('ignition-validate FILE', mRef));
console.log(`ratio in-process / ignition-validate  ${(median(inProc) / mRef).toFixed(2)}`);
console.log(`ratio CLI / ignition-validate         ${(median(cli) / mRef).toFixed(2)}`);
const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
console.log(
  `goal (issue 19): in-process <= 60 ms: ${met(median(inProc) <= 60)} (CPU time: ${met(median(inProcCpu) <= 60)}); CLI <= 0.25x ignition-validate: ${met(median(cli) / mRef <= 0.25)}`,
);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
