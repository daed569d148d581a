/**
 * /healthz latency of the built `hull serve` (bin/hull.cjs) under three
 * loads, beside the idle baseline measured in the same run (so the figures
 * carry the same machine load): a transpile flood (200 concurrent 1 MB
 * transpiles), a slowloris (2000 slow connections from 127.0.0.2), and a
 * plain request flood (a second process keeping 64 keep-alive connections
 * busy with GET /api/v1/status from 127.0.0.3). /healthz is polled from
 * 127.0.0.1 on a new connection each time, as a load balancer's check does.
 * Goal: p99 < 50 ms under each load. Loopback only; every loop is bounded.
 * Usage: npm run bench:server-resilience   (needs `npm run build` first)
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../test/helpers/hull.js';
import {
  bigTranspileBody,
  percentile,
  pollHealth,
  slowloris,
  transpileFlood,
  type HealthSamples,
} from '../test/helpers/load.js';

const GOAL_MS = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The plain flood runs in a child process: `bench/server-resilience.ts --flood URL MS`.
if (process.argv[2] === '--flood') {
  const url = new URL(process.argv[3]!);
  const until = performance.now() + Number(process.argv[4]);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await new Promise<void>((resolve) => {
        const req = request(
          { host: url.hostname, port: url.port, path: '/api/v1/status', agent, localAddress: '127.0.0.3' },
          (res) => {
            res.resume();
            res.on('end', () => resolve());
          },
        );
        req.on('error', () => resolve());
        req.end();
      });
      done++;
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  agent.destroy();
  process.send?.({ done });
  process.exit(0);
}

if (!existsSync(new URL('../dist/transpile-worker.cjs', import.meta.url))) {
  console.error('server-resilience: dist/ is missing: run `npm run build` first');
  process.exit(3);
}

interface Row {
  load: string;
  samples: HealthSamples;
  note: string;
}
const rows: Row[] = [];
const data = mkdtempSync(join(tmpdir(), 'hull-bench-resilience-'));
const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', join(data, 'd'), '--log-level', 'info']);
try {
  const poll = (everyMs = 20) => pollHealth(server.url, { everyMs, localAddress: '127.0.0.1', timeoutMs: 30_000 });

  let p = poll();
  await sleep(3000);
  rows.push({ load: 'idle', samples: await p.stop(), note: '' });

  p = poll();
  let uploaded = Infinity;
  const t0 = performance.now();
  const answers = await transpileFlood(
    server.url,
    200,
    Buffer.from(bigTranspileBody(1_000_000)),
    () => (uploaded = performance.now()),
  );
  const flood = await p.stop();
  const tally = new Map<string, number>();
  for (const a of answers) {
    const k = typeof a === 'string' ? a : String(a.status);
    tally.set(k, (tally.get(k) ?? 0) + 1);
  }
  const statuses = [...tally].map(([k, n]) => `${n}×${k}`).join(' ');
  rows.push({
    load: 'transpile flood, 200 × 1 MB (whole)',
    samples: flood,
    note: `${((performance.now() - t0) / 1000).toFixed(1)} s; ${statuses}`,
  });
  const after = flood.sentAt.map((t, i) => (t >= uploaded ? i : -1)).filter((i) => i >= 0);
  rows.push({
    load: '  … after the bodies are uploaded',
    samples: {
      latencies: after.map((i) => flood.latencies[i]!),
      sentAt: after.map((i) => flood.sentAt[i]!),
      failures: [],
    },
    note: `upload took ${((uploaded - t0) / 1000).toFixed(1)} s`,
  });

  const attack = slowloris(server.url, { count: 2000, localAddress: '127.0.0.2', dripMs: 500 });
  for (let i = 0; i < 100 && attack.pending() > 0; i++) await sleep(100);
  p = poll();
  await sleep(4000);
  const slow = await p.stop();
  rows.push({ load: 'slowloris, 2000 conns from 127.0.0.2', samples: slow, note: `attacker holds ${attack.open()}` });
  attack.stop();
  await sleep(500);

  const child = fork(fileURLToPath(import.meta.url), ['--flood', server.url, '5000'], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const floodDone = new Promise<number>((resolve) => child.on('message', (m: { done: number }) => resolve(m.done)));
  await sleep(500);
  p = poll();
  const done = await floodDone;
  const plain = await p.stop();
  rows.push({ load: 'plain flood, 64 keep-alive conns', samples: plain, note: `${done} requests` });
} finally {
  await server.stop();
  rmSync(data, { recursive: true, force: true });
}

const f = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(1));
console.log(`/healthz latency, ms (goal: p99 < ${GOAL_MS} ms under load)`);
console.log(
  [
    'load'.padEnd(40),
    'n'.padStart(5),
    'fail'.padStart(5),
    'p50'.padStart(8),
    'p99'.padStart(8),
    'max'.padStart(8),
    '  goal',
    '  note',
  ].join(''),
);
for (const r of rows) {
  const { latencies, failures } = r.samples;
  const p99 = percentile(latencies, 99);
  const verdict = r.load === 'idle' ? '      ' : p99 < GOAL_MS && failures.length === 0 ? '  met ' : '  MISS';
  console.log(
    [
      r.load.padEnd(40),
      String(latencies.length).padStart(5),
      String(failures.length).padStart(5),
      f(percentile(latencies, 50)).padStart(8),
      f(p99).padStart(8),
      f(Math.max(...latencies)).padStart(8),
      verdict,
      `  ${r.note}`,
    ].join(''),
  );
}
