/**
 * `hull sim run`'s engine: sets the server up through its management API
 * (packages uploaded, channels, groups with their policies, the FleetLock
 * group or the etcd semaphore's max), then plays the scenario on the virtual
 * clock: every machine's life (machine.ts) and the operator's events, and
 * records the timeline. Pure over SimIo (ports.ts).
 */
import { AppError } from '../core/index.js';
import {
  semaphoreKey,
  etcdLockPort,
  type RebootLockPort,
  RebootLock,
  DEFAULT_GROUP,
  fleetLockRequestBody,
  zincatiNodeId,
} from '../reboot/index.js';
import { FLATCAR_APP_ID } from '../update/index.js';
import { fleetOf } from './fleet.js';
import { SimulatedMachine, type MachineSpec } from './machine.js';
import type { PlanAction, PlanPolicy, ScenarioPlan } from './plan.js';
import type { BuiltPayload, HttpAnswer, SimIo } from './ports.js';
import { TimelineRecorder, type Timeline } from './timeline.js';
import type { SimClock } from './sim-clock.js';
import { VirtualClock } from './virtual-clock.js';

export const PAYLOAD_FILENAME = 'flatcar_production_update.gz';

export interface RunProgress {
  /** Virtual ms since the start, and the simulation's length. */
  readonly t: number;
  readonly durationMs: number;
  /** Machines per running version ('' while down). */
  readonly versions: Readonly<Record<string, number>>;
}

export interface RunOptions {
  readonly seed: number;
  readonly hosts?: number;
  /** Called about 200 times over the run. */
  readonly onProgress?: (p: RunProgress) => void;
}

const decoder = new TextDecoder();

interface GroupView {
  readonly id: string;
  readonly name: string;
  readonly rollout: { readonly halted: { readonly reason: string } | null };
}

/** The management API over the HTTP port, with the admin token. */
class Api {
  constructor(private readonly io: SimIo) {}

  async call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    raw?: Uint8Array,
  ): Promise<T> {
    return this.read<T>(method, path, await this.send(method, path, body, raw));
  }

  /** An answer's JSON, or REHEARSAL_SERVER_REFUSED for a refusal. */
  read<T>(method: string, path: string, a: HttpAnswer): T {
    const text = decoder.decode(a.body);
    if (a.status >= 300) {
      const why = a.status === 401 || a.status === 403 ? ' (the rehearsal needs an admin token of this server)' : '';
      throw new AppError(
        'REHEARSAL_SERVER_REFUSED',
        `the update server answered ${method} ${path} with HTTP ${a.status}${why}: ${text.slice(0, 300)}`,
      );
    }
    try {
      return (text === '' ? undefined : JSON.parse(text)) as T;
    } catch {
      throw new AppError(
        'REHEARSAL_SERVER_REFUSED',
        `the update server's answer to ${method} ${path} is not JSON (is ${this.io.serverUrl} a hull serve?): ${text.slice(0, 120)}`,
      );
    }
  }

  async send(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    raw?: Uint8Array,
  ): Promise<HttpAnswer> {
    try {
      return await this.io.http.request({
        method,
        url: `${this.io.serverUrl}${path}`,
        headers: {
          authorization: `Bearer ${this.io.adminToken}`,
          ...(raw !== undefined
            ? { 'content-type': 'application/octet-stream' }
            : body !== undefined
              ? { 'content-type': 'application/json' }
              : {}),
        },
        ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw new AppError(
        'SERVER_UNREACHABLE',
        `the update server at ${this.io.serverUrl} did not answer ${method} ${path}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}

/**
 * Uploads a release's payload. A server that has the version already (a real
 * one, `--server`) holds another payload under it (every run signs with a key
 * of its own), which the machines would not verify: refused, saying so.
 */
async function uploadPayload(api: Api, app: string, p: BuiltPayload): Promise<string> {
  const path = `${app}/packages/upload?version=${encodeURIComponent(p.version)}&arch=amd64&filename=${PAYLOAD_FILENAME}`;
  const a = await api.send('POST', path, undefined, p.bytes);
  if (a.status === 409) throw new AppError('REHEARSAL_SERVER_REFUSED', versionTaken(p.version));
  return api.read<{ id: string }>('POST', path, a).id;
}

/** Why a release version the server has already cannot be rehearsed there. */
export function versionTaken(version: string): string {
  return `the update server has a package ${version} (amd64) already; a rehearsal uploads payloads of its own (signed with a key made for the run), so its releases need versions the server does not have: change them in the scenario, or delete that package`;
}

function serverPolicy(p: PlanPolicy, packages: ReadonlyMap<string, string>, startMs: number): Record<string, unknown> {
  const { pin, staged, ...rest } = p;
  return {
    ...rest,
    pin: pin ? { packageId: packages.get(pin.release)!, allowDowngrade: pin.allowDowngrade } : null,
    staged: {
      percent: staged.percent,
      schedule: staged.schedule
        ? {
            startAt: new Date(startMs + staged.schedule.startAtMs).toISOString(),
            durationSeconds: staged.schedule.durationSeconds,
          }
        : null,
    },
  };
}

export interface SimRun {
  readonly timeline: Timeline;
  /** Timers fired (a measure of the work). */
  readonly timers: number;
}

/**
 * Plays `plan` on `clock`: a VirtualClock at plan.startMs (also given to the in-process server),
 * or the real clock of `--server` (plan.startMs then the run's real start).
 */
export async function runScenario(
  plan: ScenarioPlan,
  io: SimIo,
  opts: RunOptions,
  clock: SimClock = new VirtualClock(plan.startMs),
): Promise<SimRun> {
  const rel = (): number => clock.now() - plan.startMs;
  const tl = new TimelineRecorder(rel);
  const api = new Api(io);
  const app = `/api/v1/apps/${FLATCAR_APP_ID}`;
  const specs = fleetOf(plan, opts.seed, opts.hosts);

  // The server: packages, channels, groups, the lock.
  const packages = new Map<string, string>();
  for (const p of io.payloads) packages.set(p.version, await uploadPayload(api, app, p));
  const existingChannels = (
    await api.call<{ items: { id: string; name: string; arch: string }[] }>('GET', `${app}/channels`)
  ).items;
  const channels = new Map<string, string>();
  for (const c of plan.channels) {
    const found = existingChannels.find((x) => x.name === c.name && x.arch === 'amd64');
    const packageId = c.release !== null ? packages.get(c.release)! : null;
    const id = found
      ? found.id
      : (await api.call<{ id: string }>('POST', `${app}/channels`, { name: c.name, arch: 'amd64' })).id;
    await api.call('PATCH', `${app}/channels/${id}`, { packageId });
    channels.set(c.name, id);
  }
  const existingGroups = (await api.call<{ items: GroupView[] }>('GET', `${app}/groups`)).items;
  const groups = new Map<string, string>();
  for (const g of plan.groups) {
    const body = {
      track: g.name,
      channelId: channels.get(g.channel)!,
      policy: serverPolicy(g.policy, packages, plan.startMs),
    };
    const found = existingGroups.find((x) => x.name === g.name);
    const id = found
      ? (await api.call<GroupView>('PATCH', `${app}/groups/${found.id}`, body)).id
      : (await api.call<GroupView>('POST', `${app}/groups`, { name: g.name, ...body })).id;
    groups.set(g.name, id);
  }
  let lockFor: (spec: MachineSpec) => RebootLockPort | undefined = () => undefined;
  if (plan.lock?.kind === 'fleetlock') {
    await api.call('PUT', `/api/v1/fleetlock/groups/${DEFAULT_GROUP}`, { slots: plan.lock.max });
    lockFor = (spec) => {
      let id: Promise<string> | undefined;
      const call = async (op: 'pre-reboot' | 'steady-state') => {
        try {
          const a = await io.http.request({
            method: 'POST',
            url: `${io.serverUrl}/v1/${op}`,
            headers: { 'fleet-lock-protocol': 'true' },
            body: fleetLockRequestBody({ id: await (id ??= zincatiNodeId(spec.machineId)), group: DEFAULT_GROUP }),
          });
          return a.status >= 200 && a.status < 300
            ? { result: 'ok' as const }
            : { result: 'error' as const, message: decoder.decode(a.body).slice(0, 200) };
        } catch (e) {
          return { result: 'error' as const, message: e instanceof Error ? e.message : String(e) };
        }
      };
      return { lock: () => call('pre-reboot'), unlock: () => call('steady-state') };
    };
  } else if (plan.lock?.kind === 'etcd') {
    const kv = io.etcd;
    if (kv === undefined) throw new AppError('INTERNAL', 'lock kind etcd without an etcd store');
    const key = semaphoreKey('');
    const setup = new RebootLock(kv, key);
    const r = await setup.setMax(plan.lock.max);
    if (!r.ok)
      throw new AppError(
        'REHEARSAL_SERVER_REFUSED',
        `etcd: cannot set the reboot lock's max to ${plan.lock.max}: ${r.failure.kind}`,
      );
    lockFor = (spec) => etcdLockPort(new RebootLock(kv, key), spec.machineId);
  }

  // Halts: the server's auto-halt is seen after a machine reported a failure or a rollback.
  const halted = new Map<string, boolean>(plan.groups.map((g) => [g.name, false]));
  const checkHalt = async (group: string): Promise<void> => {
    const g = await clock.track(() => api.call<GroupView>('GET', `${app}/groups/${groups.get(group)!}`));
    const now = g.rollout.halted !== null;
    if (now && !halted.get(group)) tl.add({ kind: 'halt', group, by: 'auto-halt', reason: g.rollout.halted!.reason });
    halted.set(group, now);
  };

  const apply = async (a: PlanAction): Promise<void> => {
    switch (a.kind) {
      case 'promote':
        await api.call('PATCH', `${app}/channels/${channels.get(a.channel)!}`, { packageId: packages.get(a.release)! });
        tl.add({ kind: 'operator', action: 'promote', detail: `${a.release} to channel ${a.channel}` });
        break;
      case 'halt':
        await api.call('POST', `${app}/groups/${groups.get(a.group)!}/rollout/halt`, { reason: a.reason });
        tl.add({ kind: 'operator', action: 'halt', detail: `group ${a.group}${a.reason ? `: ${a.reason}` : ''}` });
        if (!halted.get(a.group)) tl.add({ kind: 'halt', group: a.group, by: 'manual', reason: a.reason });
        halted.set(a.group, true);
        break;
      case 'resume':
        await api.call('POST', `${app}/groups/${groups.get(a.group)!}/rollout/resume`);
        tl.add({ kind: 'operator', action: 'resume', detail: `group ${a.group}` });
        if (halted.get(a.group)) tl.add({ kind: 'resume', group: a.group });
        halted.set(a.group, false);
        break;
      case 'pin':
        await api.call('PUT', `${app}/groups/${groups.get(a.group)!}/rollout/pin`, {
          packageId: packages.get(a.release)!,
          allowDowngrade: a.allowDowngrade,
        });
        tl.add({
          kind: 'operator',
          action: 'pin',
          detail: `group ${a.group} to ${a.release}${a.allowDowngrade ? ' (downgrade allowed)' : ''}`,
        });
        break;
      case 'unpin':
        await api.call('DELETE', `${app}/groups/${groups.get(a.group)!}/rollout/pin`);
        tl.add({ kind: 'operator', action: 'unpin', detail: `group ${a.group}` });
        break;
    }
  };

  const stop = new AbortController();
  const releases = new Map(plan.releases.map((r) => [r.version, r]));
  const machines = specs.map(
    (spec) =>
      new SimulatedMachine(spec, {
        io,
        clock,
        timeline: tl,
        releases,
        seed: opts.seed,
        lockFor,
        afterFailureReport: checkHalt,
        stopped: stop.signal,
      }),
  );
  const failures: unknown[] = [];
  const lives: Promise<void>[] = [];
  // Every machine is powered on at the start, in order.
  for (const m of machines) {
    clock.at(plan.startMs, () => {
      lives.push(m.live().catch((e: unknown) => void failures.push(e)));
    });
  }
  for (const e of plan.events) {
    clock.at(plan.startMs + e.atMs, () => {
      void clock.track(() => apply(e.action)).catch((err: unknown) => void failures.push(err));
    });
  }
  if (opts.onProgress) {
    const step = Math.max(1000, Math.floor(plan.durationMs / 200));
    const tick = (): void => {
      const versions: Record<string, number> = {};
      for (const m of machines) versions[m.version] = (versions[m.version] ?? 0) + 1;
      opts.onProgress!({ t: rel(), durationMs: plan.durationMs, versions });
      if (rel() + step <= plan.durationMs) clock.at(clock.now() + step, tick);
    };
    clock.at(plan.startMs, tick);
  }
  await clock.run(
    plan.startMs + plan.durationMs,
    () => io.idle(),
    () => failures.length > 0,
  );
  stop.abort(new Error('the simulation is over'));
  for (let i = 0; i < 5; i++) await io.idle();
  if (failures.length > 0) {
    const f = failures[0];
    throw f instanceof AppError
      ? f
      : new AppError('INTERNAL', `the simulation failed: ${f instanceof Error ? (f.stack ?? f.message) : String(f)}`);
  }
  return {
    timeline: {
      format: 'hull-sim-timeline/1',
      scenario: plan.name,
      seed: opts.seed,
      start: plan.start,
      durationMs: plan.durationMs,
      machines: specs.map((s) => ({
        index: s.index,
        name: s.name,
        group: s.fleet.group,
        machineId: s.machineId,
        startVersion: s.fleet.version,
      })),
      records: tl.records,
    },
    timers: clock.fired,
  };
}
