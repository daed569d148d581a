/**
 * Omaha update checks per second and their p99 latency against the built
 * `hull serve` (bin/hull.cjs) on SQLite (a temp data dir, a free loopback
 * port, --log-level warn), with 10 000 distinct machine ids, beside the same
 * server's GET /healthz (one trivial store query: the HTTP floor) measured in
 * the same run with the same autocannon settings.
 *
 * Set-up through the API: a package 1000.0.1 on the stable amd64 channel.
 * Phase 1 registers the 10 000 machines (first checks, `3/2 previousversion
 * ="0.0.0.0"`, running 1000.0.1). Measured:
 *   - steady: later checks (the recorded `installsource="scheduler"` request)
 *     cycling through the 10 000 ids, every machine on the channel's version,
 *     so every answer is `noupdate`: the steady state of a fleet;
 *   - steady, written: the same, but each pass renames every machine, so
 *     every check writes its machine (a real machine checks every 45 min, so
 *     its checks are written: the 5-minute rule never spares them);
 *   - limited: 10 000 other machines one version behind (1000.0.0) in a group
 *     whose policy grants 100 per hour (registered first, unmeasured), so
 *     nearly every check takes the candidate path (the group lock, fresh
 *     counts) and is refused `error-maxUpdatesPerPeriodLimitReached`.
 * Every answer is checked (autocannon's verifyBody); a wrong one is counted.
 *
 * Load: autocannon in this process, CONNECTIONS keep-alive connections, no
 * pipelining (update_engine sends one request per connection at a time).
 * Goal on the 2-core machine: >= 10 000 checks/s and p99 < 20 ms.
 * Exits 0 whether or not the goal is met.
 *
 * Usage: npm run bench:omaha [-- --duration S] [--profile DIR] [--bin PATH]
 *   (needs `npm run build` first; --profile runs the server under
 *   `node --cpu-prof --cpu-prof-dir DIR`; --bin runs another build's
 *   bin/hull.cjs, e.g. an older checkout's, for a before/after)
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '../src/adapters/node/free-port.js';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HULL_BIN, REPO } from '../test/helpers/hull.js';
import {
  api,
  createPackage,
  FIRST_CHECK,
  FLATCAR_APP,
  LATER_CHECK,
  machineId,
  promote,
  requestFor,
  STABLE_AMD64_CHANNEL,
} from '../test/helpers/omaha-fleet.js';

const GOAL_RPS = 10_000;
const GOAL_P99_MS = 20;
const MACHINES = 10_000;
const CONNECTIONS = 50;

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DURATION = Number(arg('--duration') ?? 15);
const profileDir = arg('--profile');
/** Another build's bin/hull.cjs, to compare (e.g. main's before a change). */
const hullBin = resolve(arg('--bin') ?? HULL_BIN);

if (!existsSync(resolve(hullBin, '../../dist/hull.cjs'))) {
  console.error('omaha: dist/ is missing: run `npm run build` first');
  process.exit(3);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `hull serve` at --log-level warn (so no "listening" line to wait for: /healthz is polled). */
async function startHull(dataDir: string): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const nodeArgs = profileDir !== undefined ? ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir)] : [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, hullBin, 'serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--log-level', 'warn'],
    {
      cwd: REPO,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid!, 'SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`hull serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return { url, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error('hull serve did not answer /healthz in 30 s');
}

/** CPU time (user + system) the process has used, in µs (/proc/PID/stat, clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

interface Figures {
  rps: number;
  /** The server's CPU time per request, µs: what a check costs, whatever else the machine runs. */
  cpuPerRequest: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  wrong: number;
}

/** autocannon with the one setting every row shares; `bodies` cycles through the machines. */
interface LoadOptions {
  path: string;
  bodies?: readonly string[];
  expect: string;
  duration?: number;
  amount?: number;
}

async function loadOn(server: { url: string; pid: number }, opts: LoadOptions): Promise<Figures> {
  if (profileDir !== undefined)
    console.error(
      `profile: ${opts.path} ${opts.expect} from ${((performance.now() - serverStart) / 1000).toFixed(1)} s`,
    );
  let next = 0;
  const bodies = opts.bodies;
  const cpu0 = cpuMicros(server.pid);
  const result = await autocannon({
    url: `${server.url}${opts.path}`,
    connections: CONNECTIONS,
    pipelining: 1,
    ...(opts.amount !== undefined ? { amount: opts.amount } : { duration: opts.duration ?? DURATION }),
    ...(bodies !== undefined ? { method: 'POST', headers: { 'content-type': 'text/xml' } } : {}),
    requests: [
      {
        ...(bodies !== undefined
          ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: bodies[next++ % bodies.length] }) }
          : {}),
      },
    ],
    verifyBody: (body: string) => body.includes(opts.expect),
  });
  return {
    rps: result.requests.average,
    cpuPerRequest: (cpuMicros(server.pid) - cpu0) / Math.max(1, result.requests.total),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    wrong: result.mismatches,
  };
}

const rows: Array<{ name: string; f: Figures; goal: boolean }> = [];
const data = mkdtempSync(join(tmpdir(), 'hull-bench-omaha-'));
const startLoad = loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
const serverStart = performance.now();
const server = await startHull(join(data, 'd'));
const load = (opts: LoadOptions) => loadOn(server, opts);
let setup = '';
try {
  const token = readFileSync(join(data, 'd', 'admin-token'), 'utf8').trim();
  await createPackage(server.url, token, '1000.0.0');
  const current = await createPackage(server.url, token, '1000.0.1');
  await promote(server.url, token, STABLE_AMD64_CHANNEL, current);
  const limited = await api<{ id: string }>(server.url, token, 'POST', `/api/v1/apps/${FLATCAR_APP}/groups`, {
    name: 'bench limited',
    track: 'bench-limited',
    channelId: STABLE_AMD64_CHANNEL,
    policy: { safeMode: false, maxUpdatesPerPeriod: 100, periodIntervalSeconds: 3600 },
  });

  const steadyIds = Array.from({ length: MACHINES }, (_, i) => machineId(i, 1));
  const limitedIds = Array.from({ length: MACHINES }, (_, i) => machineId(i, 2));
  const t0 = performance.now();
  const reg = await load({
    path: '/v1/update/',
    bodies: steadyIds.map((id) => requestFor(FIRST_CHECK, id, { version: '1000.0.1', alias: 'bench' })),
    expect: 'status="noupdate"',
    amount: MACHINES,
  });
  const regMs = performance.now() - t0;
  const regLimited = await load({
    path: '/v1/update/',
    bodies: limitedIds.map((id) => requestFor(FIRST_CHECK, id, { track: 'bench-limited', alias: 'bench' })),
    expect: '<updatecheck',
    amount: MACHINES,
  });
  const count = async (q: string) =>
    (await api<{ total: number }>(server.url, token, 'GET', `/api/v1/instances?perPage=1&${q}`)).total;
  const [all, granted] = [await count(''), await count(`groupId=${limited.id}&status=granted`)];
  setup = `set-up: ${all} machines registered (${MACHINES} by first checks at ${reg.rps.toFixed(0)}/s in ${(regMs / 1000).toFixed(1)} s, wrong ${reg.wrong + regLimited.wrong}, errors ${reg.errors + regLimited.errors}); ${granted} granted in the limited group`;
  if (all !== 2 * MACHINES) throw new Error(`expected ${2 * MACHINES} machines, the server has ${all}`);

  await load({ path: '/healthz', expect: '"status":"ok"', duration: 2 }); // warm-up
  rows.push({
    name: 'GET /healthz (reference: the HTTP floor)',
    f: await load({ path: '/healthz', expect: '"status":"ok"' }),
    goal: false,
  });
  rows.push({
    name: 'steady: checks on the current version',
    f: await load({
      path: '/v1/update/',
      bodies: steadyIds.map((id) => requestFor(LATER_CHECK, id, { version: '1000.0.1', alias: 'bench' })),
      expect: 'status="noupdate"',
    }),
    goal: true,
  });
  // Each pass renames every machine (alias a, b, a, …): every check writes, as a real machine's does 45 min after its last.
  const renamed = Array.from({ length: 2 * MACHINES }, (_, k) =>
    requestFor(LATER_CHECK, steadyIds[k % MACHINES]!, {
      version: '1000.0.1',
      alias: k < MACHINES ? 'bench-a' : 'bench-b',
    }),
  );
  rows.push({
    name: 'steady, written: the alias changes',
    f: await load({ path: '/v1/update/', bodies: renamed, expect: 'status="noupdate"' }),
    goal: true,
  });
  rows.push({
    name: 'limited: one behind, policy refuses most',
    f: await load({
      path: '/v1/update/',
      bodies: limitedIds.map((id) => requestFor(LATER_CHECK, id, { track: 'bench-limited', alias: 'bench' })),
      expect: '<updatecheck status="',
    }),
    goal: true,
  });
} finally {
  await server.stop();
  rmSync(data, { recursive: true, force: true });
}

console.log(
  `Omaha update checks against ${hullBin === resolve(HULL_BIN) ? 'hull serve' : hullBin} on SQLite, ${MACHINES} machines per mix; autocannon ${CONNECTIONS} connections, no pipelining, ${DURATION} s per row`,
);
console.log(`${setup}; machine load average at the start ${startLoad}`);
console.log(`goal: >= ${GOAL_RPS} checks/s and p99 < ${GOAL_P99_MS} ms`);
console.log(
  [
    'load'.padEnd(44),
    'req/s'.padStart(8),
    'CPU µs'.padStart(8),
    'p50 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'requests'.padStart(10),
    'errors'.padStart(7),
    'wrong'.padStart(6),
    '  goal',
  ].join(''),
);
for (const r of rows) {
  const met = r.f.rps >= GOAL_RPS && r.f.p99 < GOAL_P99_MS && r.f.errors === 0 && r.f.wrong === 0;
  console.log(
    [
      r.name.padEnd(44),
      r.f.rps.toFixed(0).padStart(8),
      r.f.cpuPerRequest.toFixed(0).padStart(8),
      r.f.p50.toFixed(1).padStart(8),
      r.f.p99.toFixed(1).padStart(8),
      String(r.f.requests).padStart(10),
      String(r.f.errors).padStart(7),
      String(r.f.wrong).padStart(6),
      r.goal ? (met ? '  met' : '  MISS') : '',
    ].join(''),
  );
}
for (const r of rows.filter((x) => x.goal)) {
  const met = r.f.rps >= GOAL_RPS && r.f.p99 < GOAL_P99_MS && r.f.errors === 0 && r.f.wrong === 0;
  console.log(
    `${met ? 'goal met' : 'goal missed'}: ${r.name}: ${r.f.rps.toFixed(0)} checks/s (goal >= ${GOAL_RPS}), p99 ${r.f.p99.toFixed(1)} ms (goal < ${GOAL_P99_MS})`,
  );
}
