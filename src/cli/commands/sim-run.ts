/**
 * `hull sim run SCENARIO`: checks the scenario (a mistake is printed at
 * FILE:LINE:COL and nothing is created), makes the images and payloads,
 * starts `hull serve`'s app in process on the virtual clock (and a local etcd
 * for an etcd lock without --etcd), plays the scenario, and writes
 * timeline.json, summary.txt and chart.html into --out; exit 1 when an
 * `expect:` fails (docs/sim.md).
 */
import { Command } from 'commander';
import { EtcdV2KvStore } from '../../adapters/etcd/v2-keys.js';
import { nodePayloadCrypto } from '../../adapters/node/payload-crypto.js';
import { wasmBunzip } from '../../adapters/node/bzip2-wasm.js';
import { packageInfo } from '../../adapters/node/package-info.js';
import { startLocalEtcd, type LocalEtcd } from '../../adapters/sim/etcd-process.js';
import { prepareFleet } from '../../adapters/sim/prepare.js';
import { macrotaskTurn, makeDir, pathIn, removeDir, resolveOut, writeResults } from '../../adapters/sim/run-files.js';
import { AppError } from '../../core/index.js';
import { startSimServer, type SimServer } from '../../http/sim-server.js';
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
  VirtualClock,
  type ScenarioPlan,
} from '../../sim/index.js';
import { readInputBytes } from '../../adapters/node/read-input.js';
import { toJsonIssues } from '../../source/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { progressFor } from '../progress-line.js';
import { issuesText } from './sim-issues.js';

interface RunOpts {
  seed?: string;
  hosts?: string;
  out?: string;
  etcd?: string;
}

function intOption(v: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new AppError('USAGE', `${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`);
  return Number(v);
}

export function runCommand(ctx: CliContext): Command {
  return new Command('run')
    .description('rehearse the scenario: a fleet of simulated machines (real disk images, the real agent and reboot manager) against hull serve in process, on a virtual clock; writes timeline.json, summary.txt and chart.html; exit 1 when an expect: fails')
    .argument('<scenario>', "the scenario file (YAML, docs/sim.md); '-' reads standard input")
    .option('--seed <n>', "the random seed (default: the scenario's seed, else 0)")
    .option('--hosts <n>', "the number of machines (the groups' counts scaled in proportion)")
    .option('--out <dir>', 'where the results go (default: sim-NAME in the current directory)')
    .option('--etcd <url>', "an etcd (v2 keys API) for a scenario's etcd lock; without it a local etcd is started for the run")
    .action(async (file: string, opts: RunOpts) => {
      const seedOpt = intOption(opts.seed, '--seed', 0, 0xffffffff);
      const hosts = intOption(opts.hosts, '--hosts', 1, MAX_MACHINES);
      const bytes = await readInputBytes(file, process.stdin);
      const { plan, report } = checkScenario(bytes);
      const name = file === '-' ? '<stdin>' : file;
      if (plan === undefined) {
        // Nothing is created before the scenario is known to be right.
        if (ctx.output === 'json') writeEnvelope(ctx, { ok: false, result: null, issues: toJsonIssues(report) });
        else {
          ctx.stderr.write(issuesText(report, name));
          ctx.stderr.write(`hull: ${name}: the scenario has ${report.issues.filter((i) => i.severity === 'error').length} error(s); nothing was simulated\n`);
        }
        ctx.exitCode = 1;
        return;
      }
      if (!report.isEmpty && ctx.output !== 'json') ctx.stderr.write(issuesText(report, name));
      const seed = seedOpt ?? plan.seed ?? 0;
      const out = resolveOut(ctx.cwd, opts.out ?? `sim-${plan.name || 'scenario'}`);
      await simRun(ctx, plan, { seed, ...(hosts !== undefined ? { hosts } : {}), out, ...(opts.etcd !== undefined ? { etcd: opts.etcd } : {}) });
    });
}

interface SimRunOptions {
  readonly seed: number;
  readonly hosts?: number;
  readonly out: string;
  readonly etcd?: string;
}

async function simRun(ctx: CliContext, plan: ScenarioPlan, o: SimRunOptions): Promise<void> {
  const progress = progressFor(ctx);
  const step = (s: string): void => progress.update({ kind: 'start', stage: 'sim', step: s });
  const wallStart = Date.now();
  await makeDir(o.out);
  const specs = fleetOf(plan, o.seed, o.hosts);
  let server: SimServer | undefined;
  let etcd: LocalEtcd | undefined;
  try {
    const files = await prepareFleet(o.out, plan, specs, o.seed, step);
    const clock = new VirtualClock(plan.startMs);
    step('starting the update server');
    await removeDir(pathIn(o.out, 'work', 'server'));
    server = await startSimServer(pathIn(o.out, 'work', 'server'), { now: () => new Date(clock.now()) }, packageInfo().version);
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
          step(`${relText(p.t)} of ${relText(p.durationMs).slice(1)}: ${v}${p.versions[''] ? `, down ${p.versions['']}` : ''}`);
        },
      },
      clock,
    );
    progress.stop();
    const tl = run.timeline;
    const outcome = outcomeOf(tl);
    const expects = evaluateExpect(plan.expect, outcome);
    const summary = summaryText(tl, outcome, expects);
    await writeResults(o.out, { 'timeline.json': timelineJson(tl), 'summary.txt': summary, 'chart.html': chartHtml(tl, outcome, plan.releases.map((r) => r.version)) });
    const failed = expects.filter((e) => !e.ok);
    const wallMs = Date.now() - wallStart;
    if (ctx.output === 'json') {
      const { segments: _segments, ...rest } = outcome;
      writeEnvelope(ctx, { ok: failed.length === 0, result: { out: o.out, files: ['timeline.json', 'summary.txt', 'chart.html', 'machines/'], outcome: rest, expect: expects, wallMs, timers: run.timers } });
    } else {
      ctx.stdout.write(summary);
      ctx.stdout.write(`results in ${o.out}: timeline.json, summary.txt, chart.html, machines/ (the images); ${(wallMs / 1000).toFixed(1)} s\n`);
      if (failed.length > 0) ctx.stderr.write(`hull: ${failed.length} expectation(s) failed:\n${failed.map((e) => `  ${e.what} — found ${e.found}\n`).join('')}`);
    }
    ctx.exitCode = failed.length > 0 ? 1 : 0;
  } finally {
    progress.stop();
    await server?.close();
    await etcd?.stop();
  }
}
