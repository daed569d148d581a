/** `hull agent run|status|check|reset-status`: the update agent (docs/agent.md). */
import { Command, Option } from 'commander';
import {
  systemAgentClock,
  askDaemon,
  serveControl,
  type ControlOp,
  filePayloadStore,
  filePrefs,
  statusFile,
  httpOmahaTransport,
  httpPayloadFetcher,
  realHost,
  simulatedHost,
  absolute as resolve,
  agentPaths as paths,
} from '../../adapters/agent/index.js';
import { readKey } from './payload.js';
import { nodePayloadCrypto, wasmBunzip, machineRebootManager } from '../../adapters/node/index.js';
import { AppError, type Logger } from '../../core/index.js';
import {
  IDLE_STATUS,
  parseKeyValues,
  statusLines,
  UpdateAgent,
  type AgentStatus,
  type AttemptOutcome,
  type Host,
  type RebootManager,
  type RunResult,
  type StatusSink,
} from '../../update/index.js';
import { NO_PROGRESS, progressFor, type ProgressSink } from '../progress-line.js';
import type { InstallSource } from '../../update/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';

const DEFAULT_PUBKEY = 'usr/share/update_engine/update-payload-key.pub.pem';

interface CommonOpts {
  root: string;
}
interface RunOpts extends CommonOpts {
  image?: string;
  once?: boolean;
  pubkey?: string;
  firstCheck?: string;
  checkInterval?: string;
  logFormat: 'text' | 'json';
  healthCommand?: string;
}

function logger(
  ctx: CliContext,
  format: 'text' | 'json',
  write: (text: string) => void = (t) => ctx.stderr.write(t),
): Logger {
  const line =
    (level: string) =>
    (obj: object, msg?: string): void => {
      if (format === 'json')
        write(
          `${JSON.stringify({ time: new Date().toISOString(), level, ...obj, ...(msg !== undefined ? { msg } : {}) })}\n`,
        );
      else if (level !== 'debug')
        write(`hull agent: ${level === 'info' ? '' : `${level}: `}${msg ?? JSON.stringify(obj)}\n`);
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

function seconds(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v)) throw new AppError('USAGE', `${flag}: '${v}' is not a number of seconds`);
  return Math.round(Number(v) * 1000);
}

async function publicKey(root: string, given: string | undefined, log: Logger): Promise<string | undefined> {
  const path = given ?? paths(root).pubkey;
  try {
    return await readKey(path);
  } catch (err) {
    if (given !== undefined) throw err;
    log.warn(
      { event: 'no-public-key', path },
      `no public key at ${path}: payload signatures are not checked (as update_engine without its key file)`,
    );
    return undefined;
  }
}

/**
 * The reboot manager of issue 16 (docs/reboot.md), made when first needed from
 * the update.conf values then in force (ROOT/etc/flatcar/update.conf first,
 * then the image's own): REBOOT_STRATEGY, the window, locksmith's etcd lock or
 * FleetLock. A bad value fails the attempt with REBOOT_CONFIG_INVALID.
 */
function coordinatedReboot(host: Host, root: string, logger: Logger): RebootManager {
  let made: Promise<RebootManager> | undefined;
  const manager = (): Promise<RebootManager> =>
    (made ??= (async () => {
      const booted = await host.booted();
      const etc = parseKeyValues((await host.readUpdateConf()) ?? '', 'update.conf').values;
      return machineRebootManager({
        values: { ...booted.updateConf, ...etc },
        machineId: booted.machineId,
        root,
        logger,
      });
    })().catch((e: unknown) => {
      made = undefined;
      throw e;
    }));
  return {
    rebootNeeded: async (reboot, signal) => (await manager()).rebootNeeded(reboot, signal),
    booted: async (signal) => (await manager()).booted(signal),
  };
}

/** The agent over the real adapters, simulated with --image. */
async function makeAgent(
  ctx: CliContext,
  opts: RunOpts,
  progress?: ProgressSink,
): Promise<{ agent: UpdateAgent; status: StatusSink }> {
  const root = resolve(ctx.cwd, opts.root);
  const log = logger(ctx, opts.logFormat, progress ? (t) => progress.log(t) : undefined);
  const host =
    opts.image !== undefined
      ? simulatedHost(root, resolve(ctx.cwd, opts.image))
      : realHost({ root, ...(opts.healthCommand !== undefined ? { healthCommand: opts.healthCommand } : {}) });
  const p = paths(root);
  const file = statusFile(p.status);
  // On a terminal (hull agent check without a daemon): the state, then the download, on one line.
  const status: StatusSink = progress
    ? {
        publish: async (st) => {
          if (st.currentOperation === 'UPDATE_STATUS_DOWNLOADING')
            progress.update({
              kind: 'bytes',
              label: `download ${st.newVersion}`,
              done: Math.round(st.progress * st.newSize),
              total: st.newSize,
            });
          else
            progress.update({
              kind: 'start',
              stage: 'agent',
              step: st.currentOperation.replace('UPDATE_STATUS_', '').toLowerCase(),
            });
          await file.publish(st);
        },
        read: () => file.read(),
      }
    : file;
  const pem = await publicKey(root, opts.pubkey === undefined ? undefined : resolve(ctx.cwd, opts.pubkey), log);
  const agent = new UpdateAgent({
    host,
    transport: httpOmahaTransport,
    fetcher: httpPayloadFetcher(),
    store: filePayloadStore(p.payload),
    prefs: filePrefs(p.prefs),
    clock: systemAgentClock,
    reboot: host,
    rebootManager: coordinatedReboot(host, root, log),
    crypto: nodePayloadCrypto,
    bunzip: await wasmBunzip(),
    ...(pem !== undefined ? { publicKeyPem: pem } : {}),
    logger: log,
    status,
  });
  return { agent, status };
}

/** Exit status of `run --once` / `check`: 0 no update, updated, ping, ignored or disabled; 1 an attempt failed; 3 the boot is unhealthy. */
function exitFor(r: RunResult): number {
  if (r.unhealthy) return 3;
  return r.outcome?.kind === 'error' ? 1 : 0;
}

function outcomeText(o: AttemptOutcome | undefined): string {
  if (!o) return 'no check ran';
  switch (o.kind) {
    case 'noupdate':
      return 'No update available';
    case 'updated':
      return `Update succeeded -- reboot needed. (${o.version})`;
    case 'error':
      return `Update failed with error ${o.code}: ${o.message}`;
    case 'ping':
      return 'An update waits for a reboot: pinged the server';
    case 'ignored':
      return `Nothing done: ${o.reason}`;
    case 'disabled':
      return 'Updates are disabled (SERVER=disabled)';
    case 'deferred':
      return `Deferred until ${new Date(o.until).toISOString()} (payload backoff)`;
  }
}

function report(ctx: CliContext, r: RunResult, extra: Record<string, unknown> = {}): void {
  const code = exitFor(r);
  if (ctx.output === 'json')
    writeEnvelope(ctx, {
      ok: code === 0,
      result: {
        ...extra,
        state: r.state,
        outcome: r.outcome ?? null,
        rebootRequested: r.rebootRequested,
        unhealthy: r.unhealthy,
      },
    });
  else
    ctx.stdout.write(
      `${r.unhealthy ? 'The boot is not healthy: not marked good, no check' : outcomeText(r.outcome)}\n`,
    );
  ctx.exitCode = code;
}

const rootOption = () => new Option('--root <dir>', 'the machine root (ROOT/etc, ROOT/var, ROOT/run)').default('/');

function runCommand(ctx: CliContext): Command {
  return new Command('run')
    .description(
      "the update agent daemon: checks on update_engine's schedule, downloads, verifies and writes the idle USR slot, marks a healthy boot good",
    )
    .addOption(rootOption())
    .option(
      '--image <img>',
      'a simulated machine: the disk image (what booted is ROOT/run/hull/boot.json, from hull host boot)',
    )
    .option(
      '--once',
      'one attempt now, then exit (0: nothing to do or updated, 1: the attempt failed, 3: unhealthy boot)',
    )
    .option(
      '--pubkey <pem>',
      `the payload public key (default ROOT/${DEFAULT_PUBKEY}; none: signatures are not checked)`,
    )
    .option('--first-check <seconds>', 'the first check after this many seconds (default 7 min ± 5)')
    .option('--check-interval <seconds>', 'check every this many seconds (default 45 min ± 5, PollInterval, backoff)')
    .option(
      '--health-command <cmd>',
      'a real machine: a shell command whose exit 0 means the boot is healthy (default: no failed systemd unit)',
    )
    .addOption(
      new Option('--log-format <format>', 'text lines, or one JSON object a line (state changes, events) on stderr')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (opts: RunOpts) => {
      const root = resolve(ctx.cwd, opts.root);
      if ((await askDaemon(paths(root).socket, 'status').catch(() => undefined)) !== undefined) {
        throw new AppError(
          'USAGE',
          `an agent daemon already runs for ${root} (${paths(root).socket} answers): one agent per machine; stop it first, or use hull agent check`,
        );
      }
      const { agent, status } = await makeAgent(ctx, opts);
      await agent.init();
      const stop = new AbortController();
      const body = async (): Promise<void> => {
        let control: { close(): Promise<void> } | undefined;
        if (!opts.once) {
          control = await serveControl(paths(root).socket, async (op: ControlOp) => {
            if (op === 'status') return agent.status();
            if (op === 'check') return { check: agent.requestCheck() };
            return { reset: await agent.resetStatus() };
          });
        }
        try {
          const firstCheckMs = seconds(opts.firstCheck, '--first-check');
          const checkIntervalMs = seconds(opts.checkInterval, '--check-interval');
          const r = await agent.run({
            signal: stop.signal,
            ...(opts.once ? { once: true } : {}),
            ...(firstCheckMs !== undefined ? { firstCheckMs } : {}),
            ...(checkIntervalMs !== undefined ? { checkIntervalMs } : {}),
          });
          await status.publish(agent.status());
          report(ctx, r);
        } catch (err) {
          if (!stop.signal.aborted) throw err;
          ctx.stderr.write(`hull agent: stopped in ${agent.state}\n`);
        } finally {
          await control?.close();
        }
      };
      const running = body();
      // SIGTERM/SIGINT: stop the attempt (what was written stays consistent), close the socket, exit 0.
      ctx.onSignal(async () => {
        stop.abort(new Error('stopped'));
        await running.catch(() => undefined);
        return 0;
      });
      await running;
    });
}

function statusCommand(ctx: CliContext): Command {
  return new Command('status')
    .description("print update_engine_client -status's five lines (or -o json)")
    .addOption(rootOption())
    .action(async (opts: CommonOpts) => {
      const root = resolve(ctx.cwd, opts.root);
      const p = paths(root);
      const live = (await askDaemon(p.socket, 'status')) as AgentStatus | undefined;
      const s = live ?? (await statusFile(p.status).read()) ?? IDLE_STATUS;
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { ...s, daemon: live !== undefined } });
      else ctx.stdout.write(statusLines(s));
    });
}

function checkCommand(ctx: CliContext): Command {
  return new Command('check')
    .description(
      'an interactive check (installsource="ondemandupdate"); ignored unless the agent is IDLE. Without a running daemon, runs one attempt itself',
    )
    .addOption(rootOption())
    .option('--image <img>', 'a simulated machine (used only when no daemon runs)')
    .option('--pubkey <pem>', 'the payload public key (used only when no daemon runs)')
    .addOption(
      new Option('--log-format <format>', 'log lines on stderr (when no daemon runs)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option(
      '--wait',
      'with a daemon: wait until its attempt ends, as update_engine_client -update (the download on a status line on a terminal)',
    )
    .action(async (opts: RunOpts & { wait?: boolean }) => {
      const root = resolve(ctx.cwd, opts.root);
      const asked = (await askDaemon(paths(root).socket, 'check')) as { check: 'started' | 'ignored' } | undefined;
      if (asked !== undefined) {
        const final =
          asked.check === 'started' && opts.wait ? await waitForAttempt(ctx, paths(root).socket) : undefined;
        if (ctx.output === 'json')
          writeEnvelope(ctx, {
            ok: true,
            result: { daemon: true, check: asked.check, ...(final !== undefined ? { status: final } : {}) },
          });
        else if (asked.check === 'ignored')
          ctx.stdout.write('The agent is not idle: the check is ignored (as update_engine)\n');
        else if (final === undefined)
          ctx.stdout.write('The agent is checking for an update (hull agent status shows how it goes)\n');
        else if (final === 'gone')
          ctx.stdout.write(
            'The agent ended during the attempt (an update was applied and the reboot requested, or it was stopped)\n',
          );
        else
          ctx.stdout.write(
            final.currentOperation === 'UPDATE_STATUS_UPDATED_NEED_REBOOT'
              ? 'Update succeeded -- reboot needed.\n'
              : 'No update available\n',
          );
        return;
      }
      if (ctx.output !== 'json')
        ctx.stderr.write('hull agent: no agent daemon runs here: running one attempt in this process\n');
      const progress = opts.logFormat === 'json' ? NO_PROGRESS : progressFor(ctx);
      try {
        const { agent } = await makeAgent(ctx, opts, progress);
        await agent.init();
        const stop = new AbortController();
        ctx.onSignal(async () => {
          stop.abort(new Error('stopped'));
        });
        const source: InstallSource = 'ondemandupdate';
        let r: RunResult;
        try {
          r = await agent.run({ signal: stop.signal, once: true, onceSource: source });
        } catch (err) {
          if (!stop.signal.aborted) throw err;
          progress.stop();
          ctx.stderr.write(`hull agent: stopped in ${agent.state}\n`);
          return;
        }
        progress.stop();
        report(ctx, r, { daemon: false });
      } finally {
        progress.stop();
      }
    });
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls the daemon's status until the attempt it started is over (back to
 * IDLE, or UPDATED_NEED_REBOOT); 'gone' when the daemon ended meanwhile (it
 * exits after requesting a reboot).
 */
async function waitForAttempt(ctx: CliContext, socket: string): Promise<AgentStatus | 'gone'> {
  const progress = progressFor(ctx);
  const since = Math.floor(Date.now() / 1000);
  let busy = false;
  try {
    for (;;) {
      const st = (await askDaemon(socket, 'status').catch(() => undefined)) as AgentStatus | undefined;
      if (st === undefined) return 'gone';
      const idle =
        st.currentOperation === 'UPDATE_STATUS_IDLE' || st.currentOperation === 'UPDATE_STATUS_UPDATED_NEED_REBOOT';
      if (!idle) busy = true;
      if (idle && (busy || st.lastCheckedTime >= since)) return st;
      if (st.currentOperation === 'UPDATE_STATUS_DOWNLOADING')
        progress.update({
          kind: 'bytes',
          label: `download ${st.newVersion}`,
          done: Math.round(st.progress * st.newSize),
          total: st.newSize,
        });
      else
        progress.update({
          kind: 'start',
          stage: 'agent',
          step: st.currentOperation.replace('UPDATE_STATUS_', '').toLowerCase(),
        });
      await pause(500);
    }
  } finally {
    progress.stop();
  }
}

function resetCommand(ctx: CliContext): Command {
  return new Command('reset-status')
    .description(
      'back to IDLE from UPDATED_NEED_REBOOT (removes the completed marker; the GPT change stays), as update_engine_client -reset_status',
    )
    .addOption(rootOption())
    .action(async (opts: CommonOpts) => {
      const root = resolve(ctx.cwd, opts.root);
      const p = paths(root);
      const asked = (await askDaemon(p.socket, 'reset-status')) as { reset: boolean } | undefined;
      let reset: boolean;
      if (asked !== undefined) reset = asked.reset;
      else {
        const { removeIfExists } = await import('../../adapters/agent/index.js');
        const { markerPath } = await import('../../adapters/agent/index.js');
        await removeIfExists(markerPath(root));
        await statusFile(p.status).publish(IDLE_STATUS);
        reset = true;
      }
      if (!reset)
        throw new AppError(
          'USAGE',
          'the agent is busy with an attempt: reset-status is taken only in IDLE or UPDATED_NEED_REBOOT',
        );
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { reset, daemon: asked !== undefined } });
      else ctx.stdout.write('The agent is IDLE; the completed marker is removed\n');
    });
}

export function command(ctx: CliContext): Command {
  return new Command('agent')
    .description('the update agent (update_engine): run, status, check, reset-status')
    .addCommand(runCommand(ctx))
    .addCommand(statusCommand(ctx))
    .addCommand(checkCommand(ctx))
    .addCommand(resetCommand(ctx));
}
