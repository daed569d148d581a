/**
 * Start-up cost of the CLI: the wall time of one call of `hull --help`,
 * `hull ct`, `hull butane` and `hull ignition validate` on a small config,
 * each against bare `node -e 0`, all run in turn in this one process so
 * every command sees the same machine load. Prints each median, its ratio
 * to `node -e 0` and the goal (<= 1.3, issue 19), and the load average.
 *
 * Usage: npm run bench:cli-startup [-- RUNS] [--hull PATH]
 *   (needs `npm run build` first; --hull times another entry script, to
 *   compare builds side by side)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOAL = 1.3;
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 30);
const hullAt = args.indexOf('--hull');
const hull = hullAt >= 0 ? args[hullAt + 1]! : fileURLToPath(new URL('../bin/hull.cjs', import.meta.url));
if (hullAt < 0 && !existsSync(new URL('../dist/hull.cjs', import.meta.url))) {
  console.error('cli-startup: dist/ is missing: run `npm run build` first');
  process.exit(3);
}

// Small configs, one of each dialect: what a user transpiles or checks by hand.
const dir = mkdtempSync(join(tmpdir(), 'hull-bench-cli-'));
const clc = join(dir, 'small.yaml');
const bu = join(dir, 'small.bu');
const ign = join(dir, 'small.ign');
writeFileSync(
  clc,
  [
    'passwd:',
    '  users:',
    '    - name: core',
    '      ssh_authorized_keys:',
    '        - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBench core',
    'storage:',
    '  files:',
    '    - path: /etc/hostname',
    '      filesystem: root',
    '      mode: 0644',
    '      contents:',
    '        inline: node1',
    'systemd:',
    '  units:',
    '    - name: hello.service',
    '      enabled: true',
    '      contents: |',
    '        [Service]',
    '        ExecStart=/usr/bin/echo hello',
    '        [Install]',
    '        WantedBy=multi-user.target',
    '',
  ].join('\n'),
);
writeFileSync(
  bu,
  [
    'variant: flatcar',
    'version: 1.0.0',
    ...[
      'passwd:',
      '  users:',
      '    - name: core',
      '      ssh_authorized_keys:',
      '        - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBench core',
      'storage:',
      '  files:',
      '    - path: /etc/hostname',
      '      mode: 0644',
      '      contents:',
      '        inline: node1',
      'systemd:',
      '  units:',
      '    - name: hello.service',
      '      enabled: true',
      '      contents: |',
      '        [Service]',
      '        ExecStart=/usr/bin/echo hello',
      '        [Install]',
      '        WantedBy=multi-user.target',
      '',
    ],
  ].join('\n'),
);
writeFileSync(
  ign,
  JSON.stringify({
    ignition: { version: '3.3.0' },
    passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBench core'] }] },
    storage: { files: [{ path: '/etc/hostname', mode: 420, contents: { source: 'data:,node1' } }] },
    systemd: {
      units: [
        {
          name: 'hello.service',
          enabled: true,
          contents: '[Service]\nExecStart=/usr/bin/echo hello\n[Install]\nWantedBy=multi-user.target\n',
        },
      ],
    },
  }),
);

interface Case {
  label: string;
  argv: string[];
}
const BASE: Case = { label: 'node -e 0', argv: ['-e', '0'] };
const CASES: Case[] = [
  { label: 'hull --help', argv: [hull, '--help'] },
  { label: 'hull ct -in-file small.yaml', argv: [hull, 'ct', '-in-file', clc] },
  { label: 'hull butane small.bu', argv: [hull, 'butane', bu] },
  { label: 'hull ignition validate small.ign', argv: [hull, 'ignition', 'validate', ign] },
];

function timeOnce(c: Case): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const load0 = loadavg()[0]!;
const base: number[] = [];
const times = CASES.map(() => [] as number[]);
timeOnce(BASE); // warm the file cache
for (const c of CASES) timeOnce(c);
// Each command right after its own `node -e 0`, so a ratio compares runs a
// few milliseconds apart; the base median is over all of them.
const pairs = CASES.map(() => [] as number[]);
for (let i = 0; i < runs; i++) {
  CASES.forEach((c, k) => {
    const b = timeOnce(BASE);
    base.push(b);
    pairs[k]!.push(b);
    times[k]!.push(timeOnce(c));
  });
}
rmSync(dir, { recursive: true, force: true });

const mBase = median(base);
console.log(`${BASE.label.padEnd(34)} median ${mBase.toFixed(1).padStart(6)} ms over ${base.length} runs`);
let allMet = true;
CASES.forEach((c, k) => {
  const m = median(times[k]!);
  const ratio = m / median(pairs[k]!);
  allMet &&= ratio <= GOAL;
  console.log(
    `${c.label.padEnd(34)} median ${m.toFixed(1).padStart(6)} ms over ${runs} runs  ratio ${ratio.toFixed(2)} (goal <= ${GOAL}: ${ratio <= GOAL ? 'met' : 'NOT met'})`,
  );
});
console.log(
  `load average ${load0.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after; ${allMet ? 'every goal met' : 'goal NOT met'}`,
);
