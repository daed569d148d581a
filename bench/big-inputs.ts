/**
 * Big inputs stay linear: each case generates its input, runs it through one
 * in-process pipeline in a child process of its own, and prints the wall time,
 * the CPU time and the peak RSS of that child, against the goal (each <= 2 s and
 * <= 512 MiB; issue 19). The pipeline's modules are imported before the clock
 * starts (under tsx that compiles TypeScript, a constant cost the built CLI does
 * not pay); their load time is printed beside. The cases:
 *   - ct-nested-unknown:     a 4.6 MB Container Linux Config of nested unknown keys (transpileCt);
 *   - butane-nested-unknown: the same keys in a Butane config (transpileButane);
 *   - ignition-200k-files:   an Ignition 3.3.0 config with 200 000 files (validateConfigText);
 *   - ct-flow-2mb:           a 2 MB YAML flow sequence (ssh_authorized_keys: [...]) (transpileCt);
 *   - butane-flow-2mb:       the same flow sequence in Butane (transpileButane).
 * Usage: npx tsx bench/big-inputs.ts [CASE...]   (package.json: bench:big-inputs)
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const GOAL_MS = 2000;
const GOAL_MIB = 512;

type Build = () => string;
/** Imports the pipeline's modules (timed apart: under tsx that compiles TypeScript, a constant cost) and returns the run. */
type Load = () => Promise<(text: string) => void>;

/** Unknown keys three levels deep (60 x 60 x 20 per block) under a known section, repeated to `bytes`. */
function nestedUnknown(header: string[], bytes: number): string {
  const out = [...header, 'storage:', '  files:', '    - path: /etc/hull/a', '      contents:', '        inline: a'];
  let size = 0;
  for (let block = 0; size < bytes; block++) {
    const line = `  extra_${block}:`;
    out.push(line);
    size += line.length + 1;
    for (let a = 0; a < 60 && size < bytes; a++) {
      out.push(`    k${a}:`);
      for (let b = 0; b < 60; b++) {
        out.push(`      k${b}:`);
        for (let c = 0; c < 20; c++) {
          const l = `        key${c}: value-${a}-${b}-${c}`;
          out.push(l);
          size += l.length + 1;
        }
      }
    }
  }
  return `${out.join('\n')}\n`;
}

function flowKeys(header: string[], bytes: number): string {
  const keys: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const k = `"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${String(i).padStart(8, '0')} user${i}@example.com"`;
    keys.push(k);
    size += k.length + 2;
  }
  return `${[...header, 'passwd:', '  users:', '    - name: core', `      ssh_authorized_keys: [${keys.join(', ')}]`].join('\n')}\n`;
}

function manyFiles(n: number): string {
  const files = Array.from({ length: n }, (_, i) => ({
    path: `/srv/data/d${i % 500}/f${i}.conf`,
    mode: 420,
    contents: { source: `data:,file%20${i}%0A` },
  }));
  return JSON.stringify({ ignition: { version: '3.3.0' }, storage: { files } });
}

const BUTANE = ['variant: flatcar', 'version: 1.0.0'];
const CASES: Record<string, { build: Build; load: Load }> = {
  'ct-nested-unknown': {
    build: () => nestedUnknown([], 4.6e6),
    load: async () => {
      const { transpileCt } = await import('../src/transpile/ct/index.js');
      return (text) => {
        const r = transpileCt(text);
        if (r.failed !== undefined) throw new Error(`ct failed: ${r.failed}`);
      };
    },
  },
  'butane-nested-unknown': {
    build: () => nestedUnknown(BUTANE, 4.6e6),
    load: async () => {
      const { transpileButane } = await import('../src/transpile/butane/index.js');
      return (text) => {
        const r = transpileButane(text, {});
        if (r.output === undefined) throw new Error('butane failed');
      };
    },
  },
  'ignition-200k-files': {
    build: () => manyFiles(200_000),
    load: async () => {
      const { validateConfigText } = await import('../src/ignition/index.js');
      return (text) => {
        const r = validateConfigText(text);
        if (r.report.isFatal()) throw new Error('validation failed');
      };
    },
  },
  'ct-flow-2mb': {
    build: () => flowKeys([], 2e6),
    load: async () => {
      const { transpileCt } = await import('../src/transpile/ct/index.js');
      return (text) => {
        const r = transpileCt(text);
        if (r.failed !== undefined) throw new Error(`ct failed: ${r.failed}`);
      };
    },
  },
  'butane-flow-2mb': {
    build: () => flowKeys(BUTANE, 2e6),
    load: async () => {
      const { transpileButane } = await import('../src/transpile/butane/index.js');
      return (text) => {
        const r = transpileButane(text, {});
        if (r.output === undefined) throw new Error('butane failed');
      };
    },
  },
};

const args = process.argv.slice(2);
if (args[0] === '--child') {
  // One case in this process: build the input, then time the pipeline alone.
  const c = CASES[args[1]!]!;
  const text = c.build();
  const l0 = process.hrtime.bigint();
  const run = await c.load();
  const loadMs = Number(process.hrtime.bigint() - l0) / 1e6;
  const rssBefore = process.resourceUsage().maxRSS;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  run(text);
  const cpu = process.cpuUsage(cpu0);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const peak = process.resourceUsage().maxRSS;
  console.log(
    JSON.stringify({
      bytes: text.length,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakMiB: peak / 1024,
      inputMiB: rssBefore / 1024,
      loadMs,
    }),
  );
} else {
  const names = args.length > 0 ? args : Object.keys(CASES);
  const self = fileURLToPath(import.meta.url);
  console.log(
    `goal: each case <= ${GOAL_MS} ms and <= ${GOAL_MIB} MiB peak RSS; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  let failed = 0;
  for (const name of names) {
    if (CASES[name] === undefined) {
      console.error(`unknown case ${name}; cases: ${Object.keys(CASES).join(', ')}`);
      process.exit(2);
    }
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', name], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) {
      console.log(
        `${name.padEnd(24)} FAILED (exit ${r.status}): ${(r.stderr ?? '').split('\n').slice(0, 3).join(' ')}`,
      );
      failed++;
      continue;
    }
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      bytes: number;
      ms: number;
      cpuMs: number;
      peakMiB: number;
      inputMiB: number;
      loadMs: number;
    };
    const ok = m.ms <= GOAL_MS && m.peakMiB <= GOAL_MIB;
    if (!ok) failed++;
    console.log(
      `${name.padEnd(24)} ${(m.bytes / 1e6).toFixed(1).padStart(5)} MB  ${m.ms.toFixed(0).padStart(6)} ms (cpu ${m.cpuMs.toFixed(0)} ms)  peak RSS ${m.peakMiB.toFixed(0).padStart(4)} MiB (${m.inputMiB.toFixed(0)} MiB before the run; modules loaded in ${m.loadMs.toFixed(0)} ms before)  ${ok ? 'ok' : 'OVER GOAL'}`,
    );
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
}
