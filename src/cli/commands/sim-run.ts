/**
 * `hull sim run SCENARIO`: checks the scenario (a mistake is printed at
 * FILE:LINE:COL and nothing is created), makes the images and payloads,
 * starts `hull serve`'s app in process on the virtual clock (and a local etcd
 * for an etcd lock without --etcd), plays the scenario, and writes
 * timeline.json, summary.txt and chart.html into --out; exit 1 when an
 * `expect:` fails (docs/sim.md).
 */
import { Command } from 'commander';
import { EtcdV2KvStore } from '../../adapters/etcd/index.js';
import { nodePayloadCrypto, wasmBunzip, readInputBytes } from '../../adapters/node/index.js';
import { packageInfo } from '../../adapters/process/index.js';
import {
  startLocalEtcd,
  type LocalEtcd,
  prepareFleet,
  macrotaskTurn,
  makeDir,
  pathIn,
  removeDir,
  resolveOut,
  writeResults,
  fetchHttpPort,
  RealClock,
} from '../../adapters/sim/index.js';
import { AppError } from '../../core/index.js';
import { startSimServer, type SimServer } from '../../http/index.js';
import { FLATCAR_APP_ID } from '../../update/index.js';
import {
  chartHtml,
  checkScenario,
  evaluateExpect,
  fleetOf,
  MAX_MACHINES,
  outcomeOf,
  relText,
  runScenario,
  summaryText,
  timelineJson,
  versionTaken,
  VirtualClock,
  type HttpPort,
  type ScenarioPlan,
  type SimClock,
} from '../../sim/index.js';
import { toJsonIssues } from '../../source/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { progressFor } from '../progress-line.js';
import { connect, UpdateClient } from '../update/client.js';
import { issuesText } from './sim-issues.js';

interface RunOpts {
  seed?: string;
  hosts?: string;
  out?: string;
  etcd?: string;
  server?: string;
  token?: string;
  tokenFile?: string;
  speed?: string;
}

/** `--speed`: a number from 1 to 10 000 (decimals allowed). */
function speedOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v) || Number(v) < 1 || Number(v) > 10_000)
    throw new AppError('USAGE', `--speed must be a number from 1 to 10000, not ${JSON.stringify(v)}`);
  return Number(v);
}

function intOption(v: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new AppError('USAGE', `${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`);
  return Number(v);
}

export function runCommand(ctx: CliContext): Command {
  return new Command('run')
    .description(
      'rehearse the scenario: a fleet of simulated machines (real disk images, the real agent and reboot manager) against hull serve in process, on a virtual clock; writes timeline.json, summary.txt and chart.html; exit 1 when an expect: fails',
    )
    .argument('<scenario>', "the scenario file (YAML, docs/sim.md); '-' reads standard input")
    .option('--seed <n>', "the random seed (default: the scenario's seed, else 0)")
    .option('--hosts <n>', "the number of machines (the groups' counts scaled in proportion)")
    .option('--out <dir>', 'where the results go (default: sim-NAME in the current directory)')
    .option(
      '--etcd <url>',
      "an etcd (v2 keys API) for a scenario's etcd lock; without it a local etcd is started for the run",
    )
    .option(
      '--server <url>',
      'rehearse against this running hull serve over HTTP, in real time (its own clock), instead of one in process on the virtual clock; needs an admin token',
    )
    .option('--token <token>', 'the admin token for --server (env HULL_TOKEN)')
    .option('--token-file <file>', 'read the admin token for --server from this file (env HULL_TOKEN_FILE)')
    .option(
      '--speed <n>',
      "with --server: run the machines' side N times faster than real time (their checks, reboots and the scenario's events; the server's time-based policy keeps the server's clock)",
    )
    .action(async (file: string, opts: RunOpts) => {
      const seedOpt = intOption(opts.seed, '--seed', 0, 0xffffffff);
      const hosts = intOption(opts.hosts, '--hosts', 1, MAX_MACHINES);
      const speed = speedOption(opts.speed);
      if (
        opts.server === undefined &&
        (speed !== undefined || opts.token !== undefined || opts.tokenFile !== undefined)
      ) {
        throw new AppError(
          'USAGE',
          '--speed, --token and --token-file go with --server (without it the rehearsal runs in process on a virtual clock)',
        );
      }
      const bytes = await readInputBytes(file, ctx.stdin);
      const { plan, report } = checkScenario(bytes);
      const name = file === '-' ? '<stdin>' : file;
      if (plan === undefined) {
        // Nothing is created before the scenario is known to be right.
        if (ctx.output === 'json') writeEnvelope(ctx, { ok: false, result: null, issues: toJsonIssues(report) });
        else {
          ctx.stderr.write(issuesText(report, name));
          ctx.stderr.write(
            `hull: ${name}: the scenario has ${report.issues.filter((i) => i.severity === 'error').length} error(s); nothing was simulated\n`,
          );
        }
        ctx.exitCode = 1;
        return;
      }
      if (!report.isEmpty && ctx.output !== 'json') ctx.stderr.write(issuesText(report, name));
      const remote = opts.server !== undefined ? await remoteServer(ctx, opts, plan) : undefined;
      const seed = seedOpt ?? plan.seed ?? 0;
      const out = resolveOut(ctx.cwd, opts.out ?? `sim-${plan.name || 'scenario'}`);
      await simRun(ctx, plan, {
        seed,
        ...(hosts !== undefined ? { hosts } : {}),
        out,
        ...(opts.etcd !== undefined ? { etcd: opts.etcd } : {}),
        ...(remote !== undefined ? { remote: { ...remote, speed: speed ?? 1 } } : {}),
      });
    });
}

/** `--server`: where the rehearsal's server is and its admin token; checked (an admin, release versions it does not have) before anything is made. */
async function remoteServer(
  ctx: CliContext,
  opts: RunOpts,
  plan: ScenarioPlan,
): Promise<{ server: string; token: string }> {
  const conn = await connect(
    {
      server: opts.server!,
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.tokenFile !== undefined ? { tokenFile: opts.tokenFile } : {}),
    },
    ctx,
  );
  if (conn.token === undefined) {
    throw new AppError(
      'USAGE',
      `hull sim run --server needs an admin token of that server: --token T, --token-file F, HULL_TOKEN or HULL_TOKEN_FILE (${conn.tokenSource.kind === 'none' ? `${conn.tokenSource.looked} was not readable` : 'none was given'})`,
    );
  }
  // Reachable, a Hull server, and an admin's token: said now, before the images are made.
  const me = await new UpdateClient(conn).call<{ role?: string; name?: string }>('GET', '/api/v1/whoami');
  if (me?.role !== 'admin')
    throw new AppError(
      'FORBIDDEN',
      `hull sim run --server needs an admin token; the one given is ${me?.role ?? 'of no known role'}${me?.name ? ` (${me.name})` : ''}`,
    );
  const have = await new UpdateClient(conn).call<{ items: { version: string; arch: string }[] }>(
    'GET',
    `/api/v1/apps/${FLATCAR_APP_ID}/packages`,
  );
  const taken = plan.releases.find((r) => have?.items.some((p) => p.version === r.version && p.arch === 'amd64'));
  if (taken !== undefined) throw new AppError('REHEARSAL_SERVER_REFUSED', versionTaken(taken.version));
  return { server: conn.server, token: conn.token };
}

interface RemoteServer {
  readonly server: string;
  readonly token: string;
  readonly speed: number;
}

interface SimRunOptions {
  readonly seed: number;
  readonly hosts?: number;
  readonly out: string;
  readonly etcd?: string;
  /** `--server`: a running hull serve in real time; else one in process on the virtual clock. */
  readonly remote?: RemoteServer;
}

/** The server, its HTTP port and the clock of the run: in process on the virtual clock, or `--server` on the real one. */
async function serverFor(
  o: SimRunOptions,
  plan: ScenarioPlan,
  step: (s: string) => void,
): Promise<{
  plan: ScenarioPlan;
  clock: SimClock;
  http: HttpPort;
  serverUrl: string;
  adminToken: string;
  close(): Promise<void>;
}> {
  if (o.remote !== undefined) {
    // Real time: the run starts now (the scenario's `start` is the virtual clock's only).
    const startMs = Math.floor(Date.now() / 1000) * 1000;
    const real = { ...plan, startMs, start: new Date(startMs).toISOString() };
    step(`using the update server at ${o.remote.server}`);
    return {
      plan: real,
      clock: new RealClock(startMs, o.remote.speed),
      http: fetchHttpPort,
      serverUrl: o.remote.server,
      adminToken: o.remote.token,
      close: async () => {},
    };
  }
  const clock = new VirtualClock(plan.startMs);
  step('starting the update server');
  await removeDir(pathIn(o.out, 'work', 'server'));
  const server: SimServer = await startSimServer(
    pathIn(o.out, 'work', 'server'),
    { now: () => new Date(clock.now()) },
    packageInfo().version,
  );
  return {
    plan,
    clock,
    http: server.http,
    serverUrl: server.serverUrl,
    adminToken: server.adminToken,
    close: () => server.close(),
  };
}

async function simRun(ctx: CliContext, scenario: ScenarioPlan, o: SimRunOptions): Promise<void> {
  const progress = progressFor(ctx);
  const step = (s: string): void => progress.update({ kind: 'start', stage: 'sim', step: s });
  const wallStart = Date.now();
  await makeDir(o.out);
  const specs = fleetOf(scenario, o.seed, o.hosts);
  let server: Awaited<ReturnType<typeof serverFor>> | undefined;
  let etcd: LocalEtcd | undefined;
  try {
    const files = await prepareFleet(o.out, scenario, specs, o.seed, step);
    server = await serverFor(o, scenario, step);
    const { plan, clock } = server;
    let kv;
    if (plan.lock?.kind === 'etcd') {
      let url = o.etcd;
      if (url === undefined) {
        step('starting a local etcd');
        etcd = await startLocalEtcd(pathIn(o.out, 'work'));
        url = etcd.url;
      }
      kv = new EtcdV2KvStore({ endpoints: [url] });
    }
    const run = await runScenario(
      plan,
      {
        http: server.http,
        serverUrl: server.serverUrl,
        adminToken: server.adminToken,
        payloads: files.payloads,
        crypto: nodePayloadCrypto,
        bunzip: await wasmBunzip(),
        publicKeyPem: files.publicKeyPem,
        ...(kv !== undefined ? { etcd: kv } : {}),
        openImage: (i) => files.images.openImage(i),
        readSlotFile: (i, off, size, path) => files.images.readSlotFile(i, off, size, path),
        idle: macrotaskTurn,
      },
      {
        seed: o.seed,
        ...(o.hosts !== undefined ? { hosts: o.hosts } : {}),
        onProgress: (p) => {
          const v = Object.entries(p.versions)
            .filter(([k]) => k !== '')
            .map(([k, n]) => `${k} ${n}`)
            .join(', ');
          step(
            `${relText(p.t)} of ${relText(p.durationMs).slice(1)}: ${v}${p.versions[''] ? `, down ${p.versions['']}` : ''}`,
          );
        },
      },
      clock,
    );
    progress.stop();
    const tl = run.timeline;
    const outcome = outcomeOf(tl);
    const expects = evaluateExpect(plan.expect, outcome);
    const summary = summaryText(tl, outcome, expects);
    await writeResults(o.out, {
      'timeline.json': timelineJson(tl),
      'summary.txt': summary,
      'chart.html': chartHtml(
        tl,
        outcome,
        plan.releases.map((r) => r.version),
      ),
    });
    const failed = expects.filter((e) => !e.ok);
    const wallMs = Date.now() - wallStart;
    if (ctx.output === 'json') {
      const { segments: _segments, ...rest } = outcome;
      writeEnvelope(ctx, {
        ok: failed.length === 0,
        result: {
          out: o.out,
          files: ['timeline.json', 'summary.txt', 'chart.html', 'machines/'],
          outcome: rest,
          expect: expects,
          wallMs,
          timers: run.timers,
        },
      });
    } else {
      ctx.stdout.write(summary);
      ctx.stdout.write(
        `results in ${o.out}: timeline.json, summary.txt, chart.html, machines/ (the images); ${(wallMs / 1000).toFixed(1)} s\n`,
      );
      if (failed.length > 0)
        ctx.stderr.write(
          `hull: ${failed.length} expectation(s) failed:\n${failed.map((e) => `  ${e.what} — found ${e.found}\n`).join('')}`,
        );
    }
    ctx.exitCode = failed.length > 0 ? 1 : 0;
  } finally {
    progress.stop();
    await server?.close();
    await etcd?.stop();
  }
}
