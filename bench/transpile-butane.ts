/**
 * Butane transpile speed: Hull against the reference butane (0.29.0) on one
 * generated flatcar 1.1.0 config of about 1 MB: 3000 files with inline
 * contents (some long enough to be gzipped), 300 directories, 200 links,
 * 30 filesystems with mount units, units with drop-ins, users. It is valid,
 * so the whole pipeline runs (decode, sugar, Ignition rules, JSON).
 * (The ct developer's bench/transpile.ts covers ct; the lead joins them.)
 *
 * Times, alternating in this one process so all see the same load:
 *   - Hull in-process: butane.transpileButane(text) (after a warm-up);
 *   - Hull as a CLI call: `node bin/hull.cjs butane FILE`;
 *   - `$BUTANE_BIN FILE`, when BUTANE_BIN names a butane binary.
 * Prints medians and the ratios Hull / butane.
 *
 * Usage: [BUTANE_BIN=/path/to/butane] npx tsx bench/transpile-butane.ts [RUNS] [--keep]
 *   (needs `npm run build`; --keep leaves the generated config in the temp folder)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goGzip as gzipBest } from '../src/transpile/index.js';
import { butane } from '../src/transpile/index.js';

const argv = process.argv.slice(2);
const runs = Number(argv.find((a) => /^\d+$/.test(a)) ?? 10);
const keep = argv.includes('--keep');
const hull = fileURLToPath(new URL('../bin/hull.cjs', import.meta.url));
const ref = process.env.BUTANE_BIN;
if (!existsSync(new URL('../dist/hull.cjs', import.meta.url))) {
  console.error('transpile-butane bench: dist/ is missing: run `npm run build` first');
  process.exit(3);
}

let state = 0x1234567;
const rand = (n: number): number => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return (state >>> 8) % n;
};
const WORDS = ['listen', 'server', 'port', 'timeout', 'enabled', 'cluster', 'endpoint', 'region', 'token', 'level'];
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

function buildConfig(): string {
  const out: string[] = ['variant: flatcar', 'version: 1.1.0', 'storage:', '  files:'];
  for (let i = 0; i < 3000; i++) {
    out.push(
      `    - path: /etc/app/d${i % 50}/file-${i}.conf`,
      `      mode: 0${pick(['644', '600', '755'])}`,
      '      contents:',
      '        inline: |',
    );
    const lines = rand(8) === 0 ? 40 : 2 + rand(4);
    for (let k = 0; k < lines; k++)
      out.push(`          ${pick(WORDS)}_${k % 7}=${pick(WORDS)}-${rand(lines > 10 ? 3 : 100000)}`);
  }
  out.push('  directories:');
  for (let i = 0; i < 300; i++) out.push(`    - path: /var/lib/app/dir-${i}`, '      mode: 0750');
  out.push('  links:');
  for (let i = 0; i < 200; i++) out.push(`    - path: /opt/bin/tool-${i}`, `      target: /opt/app/bin/tool-${i}`);
  out.push('  filesystems:');
  for (let i = 0; i < 30; i++) {
    out.push(
      `    - device: /dev/disk/by-label/data-${i}`,
      '      format: ext4',
      `      path: /var/mnt/data-${i}`,
      '      with_mount_unit: true',
    );
  }
  out.push('systemd:', '  units:');
  for (let i = 0; i < 100; i++) {
    out.push(
      `    - name: app-${i}.service`,
      '      enabled: true',
      '      contents: |',
      '        [Service]',
      `        ExecStart=/opt/bin/tool-${i}`,
      '        [Install]',
      '        WantedBy=multi-user.target',
    );
    out.push(
      '      dropins:',
      '        - name: 10-env.conf',
      '          contents: |',
      '            [Service]',
      `            Environment=N=${i}`,
    );
  }
  out.push('passwd:', '  users:');
  for (let i = 0; i < 50; i++)
    out.push(
      `    - name: user${i}`,
      `      uid: ${2000 + i}`,
      '      ssh_authorized_keys:',
      `        - ssh-ed25519 AAAA${i} user${i}`,
    );
  return `${out.join('\n')}\n`;
}

const text = buildConfig();
const dir = mkdtempSync(join(tmpdir(), 'hull-bench-butane-'));
const file = join(dir, 'big.bu');
writeFileSync(file, text);
console.log(`config: ${(text.length / 1e6).toFixed(2)} MB of Butane YAML`);

const time = (fn: () => void): number => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const spawnTimed = (cmd: string, args: string[]): number =>
  time(() => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    if (r.status !== 0)
      throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 400)}`);
  });
const inProcess = (): number =>
  time(() => {
    const r = butane.transpileButane(text, { ports: { gzip: gzipBest } });
    if (r.output === undefined) throw new Error(`bench config failed: ${JSON.stringify(r.failure)}`);
  });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const tIn: number[] = [];
const tCli: number[] = [];
const tRef: number[] = [];
inProcess();
for (let i = 0; i < runs; i++) {
  tIn.push(inProcess());
  tCli.push(spawnTimed(process.execPath, [hull, 'butane', file]));
  if (ref !== undefined && ref !== '') tRef.push(spawnTimed(ref, [file]));
}
if (keep) console.log(`kept ${file}`);
else rmSync(dir, { recursive: true, force: true });
console.log(`hull in-process   median ${median(tIn).toFixed(1)} ms over ${runs} runs`);
console.log(`hull butane (CLI) median ${median(tCli).toFixed(1)} ms`);
if (tRef.length > 0) {
  console.log(`butane            median ${median(tRef).toFixed(1)} ms`);
  console.log(
    `ratio in-process/butane ${(median(tIn) / median(tRef)).toFixed(2)}, CLI/butane ${(median(tCli) / median(tRef)).toFixed(2)}`,
  );
} else console.log('set BUTANE_BIN to compare with the reference butane');
