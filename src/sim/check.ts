/**
 * A scenario file → a ScenarioPlan, or the issues that stop it, each with a
 * code, a JSON path and (through src/source's correlate) its line:col. Three
 * passes: the YAML (src/source, as every Hull config), the shape
 * (scenario-schema.ts), then the references and cross-field rules below.
 * Never throws. Pure.
 */
import { errorAt, Report, type Issue, type JsonPath } from '../core/index.js';
import { correlate, parseYaml } from '../source/index.js';
import { DEFAULT_POLICY, isTimeZone } from '../update/index.js';
import { parseWindow, type RebootWindow } from '../reboot/index.js';
import type { SimIssueCode } from './codes.js';
import { parseSimDuration } from './duration.js';
import type {
  HaltedBy,
  LockKind,
  Outcome,
  PlanAction,
  PlanEvent,
  PlanFleetGroup,
  PlanGroup,
  PlanPolicy,
  RebootStrategy,
  ScenarioPlan,
} from './plan.js';
import { checkShape } from './shape.js';
import { EVENT_ACTIONS, MAX_MACHINES, SCENARIO_SCHEMA } from './scenario-schema.js';

export interface ScenarioResult {
  /** The plan; undefined when the report has an error. */
  readonly plan: ScenarioPlan | undefined;
  /** Every issue, with its range in the text. */
  readonly report: Report;
}

export const DEFAULT_START = '2026-01-05T00:00:00Z';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;

// The shapes the structural check guarantees (optional fields may be absent or null).
type Opt<T> = T | undefined | null;
type Dur = string | 0;
type Secs = number | string;
interface RawPolicy {
  updatesEnabled?: boolean;
  safeMode?: boolean;
  officeHours?: boolean;
  timezone?: string;
  periodIntervalSeconds?: Secs;
  maxUpdatesPerPeriod?: number;
  updateTimeoutSeconds?: Secs;
  pin?: Opt<{ release: string; allowDowngrade?: Opt<boolean> }>;
  staged?: Opt<{ percent?: Opt<number>; schedule?: Opt<{ startAt: Dur; durationSeconds: Secs }> }>;
  autoHalt?: Opt<{
    enabled?: Opt<boolean>;
    windowSeconds?: Opt<Secs>;
    threshold?: Opt<number>;
    minSamples?: Opt<number>;
  }>;
}
interface RawScenario {
  scenario: number;
  name?: Opt<string>;
  description?: Opt<string>;
  start?: Opt<string>;
  duration: Dur;
  seed?: Opt<number>;
  releases: { version: string; outcome?: Opt<Outcome>; failShare?: Opt<number> }[];
  server: {
    channels: { name: string; release?: Opt<string> }[];
    groups: { name: string; channel: string; policy?: Opt<RawPolicy> }[];
  };
  lock?: Opt<{ kind: LockKind; max: number }>;
  fleet: {
    group: string;
    machines: number;
    version: string;
    reboot?: Opt<{ strategy: RebootStrategy; window?: Opt<{ start: string; length: Dur }> }>;
    failures?: Opt<{ neverReboots?: Opt<number>; flakyNetwork?: Opt<{ machines: number; dropRate: number }> }>;
  }[];
  events?: Opt<({ at: Dur } & Partial<Record<(typeof EVENT_ACTIONS)[number], Record<string, unknown> | null>>)[]>;
  expect?: Opt<{
    finalVersions?: Opt<Record<string, string>>;
    maxParallelReboots?: Opt<number>;
    haltedBy?: Opt<Record<string, HaltedBy>>;
  }>;
}

export function checkScenario(text: string | Uint8Array): ScenarioResult {
  try {
    return checkUnsafe(text);
  } catch (err) {
    const issue = errorAt(
      'SRC_INTERNAL_ERROR',
      [],
      `internal error while checking the scenario: ${err instanceof Error ? err.message : String(err)}`,
    );
    return { plan: undefined, report: new Report([issue]) };
  }
}

function checkUnsafe(text: string | Uint8Array): ScenarioResult {
  const parsed = parseYaml(text, { multiDocument: 'error' });
  if (parsed.report.isFatal()) return { plan: undefined, report: parsed.report };
  const issues: Issue[] = [...parsed.report.issues];
  const done = (plan?: ScenarioPlan): ScenarioResult => {
    const report = correlate(new Report(issues), parsed.index, { whenMissing: 'start' });
    return { plan: report.isFatal() ? undefined : plan, report };
  };
  if (parsed.empty || parsed.value === null) {
    issues.push(errorAt('SIM_EMPTY', [], 'the scenario file is empty (see docs/sim.md for the format)'));
    return done();
  }
  checkShape(SCENARIO_SCHEMA, parsed.value, [], issues);
  if (issues.some((i) => i.severity === 'error')) return done();
  const plan = resolve(parsed.value as RawScenario, issues);
  return done(plan);
}

/** The cross-field rules, then the plan. */
function resolve(s: RawScenario, issues: Issue[]): ScenarioPlan {
  const add = (code: SimIssueCode, path: JsonPath, message: string): void => {
    issues.push(errorAt(code, path, message));
  };
  const ms = (d: Dur): number => {
    const r = parseSimDuration(d);
    return r.ok ? r.ms : 0;
  };
  const secs = (v: Secs): number => (typeof v === 'number' ? v : ms(v) / 1000);

  const start = s.start ?? DEFAULT_START;
  const startMs = Date.parse(start);
  if (!INSTANT.test(start) || !Number.isFinite(startMs))
    add(
      'SIM_BAD_TIME',
      ['start'],
      `${JSON.stringify(start)} is not an ISO 8601 UTC instant such as "${DEFAULT_START}"`,
    );
  const durationMs = ms(s.duration);

  // Releases.
  const releases = new Set<string>();
  s.releases.forEach((r, i) => {
    if (releases.has(r.version))
      add('SIM_DUPLICATE', ['releases', i, 'version'], `release ${r.version} is declared twice`);
    releases.add(r.version);
    const outcome = r.outcome ?? 'boots';
    if (outcome === 'fails-on-share' && (r.failShare === undefined || r.failShare === null))
      add(
        'SIM_MISSING_KEY',
        ['releases', i],
        `release ${r.version} fails on a share of machines: give "failShare" (0 to 1)`,
      );
    if (outcome !== 'fails-on-share' && r.failShare !== undefined && r.failShare !== null)
      add(
        'SIM_BAD_VALUE',
        ['releases', i, 'failShare'],
        `"failShare" is only for the outcome fails-on-share (this release ${outcome === 'boots' ? 'boots' : outcome})`,
      );
  });
  const knownRelease = (v: string, path: JsonPath): void => {
    if (!releases.has(v))
      add(
        'SIM_UNKNOWN_RELEASE',
        path,
        `release ${v} is not declared in "releases" (declared: ${[...releases].join(', ') || 'none'})`,
      );
  };

  // Channels and groups.
  const channels = new Set<string>();
  s.server.channels.forEach((c, i) => {
    if (channels.has(c.name))
      add('SIM_DUPLICATE', ['server', 'channels', i, 'name'], `channel ${c.name} is declared twice`);
    channels.add(c.name);
    if (c.release !== undefined && c.release !== null) knownRelease(c.release, ['server', 'channels', i, 'release']);
  });
  const groups = new Set<string>();
  s.server.groups.forEach((g, i) => {
    const at: JsonPath = ['server', 'groups', i];
    if (groups.has(g.name)) add('SIM_DUPLICATE', [...at, 'name'], `group ${g.name} is declared twice`);
    groups.add(g.name);
    if (!channels.has(g.channel))
      add(
        'SIM_UNKNOWN_CHANNEL',
        [...at, 'channel'],
        `channel ${g.channel} is not declared in server.channels (declared: ${[...channels].join(', ') || 'none'})`,
      );
    const p = g.policy;
    if (p?.timezone !== undefined && p.timezone !== null && !isTimeZone(p.timezone))
      add(
        'SIM_BAD_TIMEZONE',
        [...at, 'policy', 'timezone'],
        `${JSON.stringify(p.timezone)} is not a time zone (IANA names such as "Europe/Berlin" or "UTC")`,
      );
    if (p?.pin) knownRelease(p.pin.release, [...at, 'policy', 'pin', 'release']);
  });
  const knownGroup = (name: string, path: JsonPath): void => {
    if (!groups.has(name))
      add(
        'SIM_UNKNOWN_GROUP',
        path,
        `group ${name} is not declared in server.groups (declared: ${[...groups].join(', ') || 'none'})`,
      );
  };

  // The fleet.
  const fleet: PlanFleetGroup[] = [];
  const inFleet = new Set<string>();
  let machines = 0;
  s.fleet.forEach((f, i) => {
    const at: JsonPath = ['fleet', i];
    knownGroup(f.group, [...at, 'group']);
    if (inFleet.has(f.group))
      add(
        'SIM_DUPLICATE',
        [...at, 'group'],
        `group ${f.group} is given machines twice in "fleet": give one entry with the sum`,
      );
    inFleet.add(f.group);
    knownRelease(f.version, [...at, 'version']);
    machines += f.machines;
    const strategy = f.reboot?.strategy ?? 'reboot';
    if (strategy === 'etcd-lock' || strategy === 'fleetlock') {
      const want: LockKind = strategy === 'etcd-lock' ? 'etcd' : 'fleetlock';
      if (!s.lock)
        add(
          'SIM_LOCK_MISSING',
          [...at, 'reboot', 'strategy'],
          `the ${strategy} strategy needs a lock: add "lock: {kind: ${want}, max: N}"`,
        );
      else if (s.lock.kind !== want)
        add(
          'SIM_LOCK_MISSING',
          [...at, 'reboot', 'strategy'],
          `the ${strategy} strategy needs a lock of kind ${want}, but the scenario's lock is ${s.lock.kind}`,
        );
    }
    let window: RebootWindow | null = null;
    const w = f.reboot?.window;
    if (w) {
      const parsed = parseWindow(w.start, typeof w.length === 'string' ? w.length : '0');
      if (parsed.ok) window = parsed.window;
      else
        add(
          'SIM_BAD_WINDOW',
          [...at, 'reboot', 'window', /duration/.test(parsed.message) ? 'length' : 'start'],
          `reboot window: ${parsed.message}`,
        );
    }
    const never = f.failures?.neverReboots ?? 0;
    if (never > f.machines)
      add(
        'SIM_TOO_MANY',
        [...at, 'failures', 'neverReboots'],
        `${never} machines never reboot, but the group has only ${f.machines}`,
      );
    const flaky = f.failures?.flakyNetwork ?? null;
    if (flaky && flaky.machines > f.machines)
      add(
        'SIM_TOO_MANY',
        [...at, 'failures', 'flakyNetwork', 'machines'],
        `${flaky.machines} machines have a flaky network, but the group has only ${f.machines}`,
      );
    fleet.push({
      group: f.group,
      machines: f.machines,
      version: f.version,
      strategy,
      window,
      neverReboots: never,
      flakyNetwork: flaky ? { machines: flaky.machines, dropRate: flaky.dropRate } : null,
    });
  });
  if (machines > MAX_MACHINES)
    add('SIM_TOO_MANY', ['fleet'], `${machines} machines in all; the simulator takes at most ${MAX_MACHINES}`);

  // Events.
  const events: PlanEvent[] = [];
  (s.events ?? []).forEach((e, i) => {
    const at: JsonPath = ['events', i];
    const present = EVENT_ACTIONS.filter((a) => e[a] !== undefined && e[a] !== null);
    if (present.length !== 1) {
      add(
        'SIM_EVENT_ACTION',
        at,
        present.length === 0
          ? `the event has no action: give one of ${EVENT_ACTIONS.join(', ')}`
          : `the event has ${present.length} actions (${present.join(', ')}): give each its own event`,
      );
      return;
    }
    const atMs = ms(e.at);
    if (atMs >= durationMs)
      add(
        'SIM_AFTER_END',
        [...at, 'at'],
        `the event happens at ${JSON.stringify(e.at)}, not before the simulation ends (duration ${JSON.stringify(s.duration)})`,
      );
    const kind = present[0]!;
    const body = e[kind] as Record<string, unknown>;
    const where = [...at, kind];
    let action: PlanAction;
    switch (kind) {
      case 'promote':
        knownRelease(body.release as string, [...where, 'release']);
        if (!channels.has(body.channel as string))
          add(
            'SIM_UNKNOWN_CHANNEL',
            [...where, 'channel'],
            `channel ${String(body.channel)} is not declared in server.channels`,
          );
        action = { kind, release: body.release as string, channel: body.channel as string };
        break;
      case 'halt':
        knownGroup(body.group as string, [...where, 'group']);
        action = {
          kind,
          group: body.group as string,
          reason: typeof body.reason === 'string' ? body.reason : 'halted by the scenario',
        };
        break;
      case 'pin':
        knownGroup(body.group as string, [...where, 'group']);
        knownRelease(body.release as string, [...where, 'release']);
        action = {
          kind,
          group: body.group as string,
          release: body.release as string,
          allowDowngrade: body.allowDowngrade === true,
        };
        break;
      default:
        knownGroup(body.group as string, [...where, 'group']);
        action = { kind, group: body.group as string };
    }
    events.push({ atMs, index: i, action });
  });
  events.sort((a, b) => a.atMs - b.atMs || a.index - b.index);

  // Expectations.
  const ex = s.expect ?? {};
  for (const [g, v] of Object.entries(ex.finalVersions ?? {})) {
    knownGroup(g, ['expect', 'finalVersions', g]);
    knownRelease(v, ['expect', 'finalVersions', g]);
  }
  for (const g of Object.keys(ex.haltedBy ?? {})) knownGroup(g, ['expect', 'haltedBy', g]);

  const planGroups: PlanGroup[] = s.server.groups.map((g) => ({
    name: g.name,
    channel: g.channel,
    policy: policyOf(g.policy ?? {}, secs, ms),
  }));
  return {
    name: s.name ?? 'unnamed',
    description: s.description ?? '',
    start,
    startMs: Number.isFinite(startMs) ? startMs : 0,
    durationMs,
    seed: s.seed ?? null,
    releases: s.releases.map((r) => {
      const outcome = r.outcome ?? 'boots';
      return {
        version: r.version,
        outcome,
        failShare: outcome === 'fails-on-share' ? (r.failShare ?? 0) : outcome === 'boots' ? 0 : 1,
      };
    }),
    channels: s.server.channels.map((c) => ({ name: c.name, release: c.release ?? null })),
    groups: planGroups,
    lock: s.lock ? { kind: s.lock.kind, max: s.lock.max } : null,
    fleet,
    machines,
    events,
    expect: {
      finalVersions: { ...(ex.finalVersions ?? {}) },
      maxParallelReboots: ex.maxParallelReboots ?? null,
      haltedBy: { ...(ex.haltedBy ?? {}) },
    },
  };
}

function policyOf(p: RawPolicy, secs: (v: Secs) => number, ms: (d: Dur) => number): PlanPolicy {
  const d = DEFAULT_POLICY;
  const ah = p.autoHalt ?? {};
  const schedule = p.staged?.schedule;
  return {
    updatesEnabled: p.updatesEnabled ?? d.updatesEnabled,
    safeMode: p.safeMode ?? d.safeMode,
    officeHours: p.officeHours ?? d.officeHours,
    timezone: p.timezone ?? d.timezone,
    periodIntervalSeconds:
      p.periodIntervalSeconds === undefined || p.periodIntervalSeconds === null
        ? d.periodIntervalSeconds
        : secs(p.periodIntervalSeconds),
    maxUpdatesPerPeriod: p.maxUpdatesPerPeriod ?? d.maxUpdatesPerPeriod,
    updateTimeoutSeconds:
      p.updateTimeoutSeconds === undefined || p.updateTimeoutSeconds === null
        ? d.updateTimeoutSeconds
        : secs(p.updateTimeoutSeconds),
    pin: p.pin ? { release: p.pin.release, allowDowngrade: p.pin.allowDowngrade === true } : null,
    staged: {
      percent: p.staged?.percent ?? d.staged.percent,
      schedule: schedule ? { startAtMs: ms(schedule.startAt), durationSeconds: secs(schedule.durationSeconds) } : null,
    },
    autoHalt: {
      enabled: ah.enabled ?? d.autoHalt.enabled,
      windowSeconds:
        ah.windowSeconds === undefined || ah.windowSeconds === null ? d.autoHalt.windowSeconds : secs(ah.windowSeconds),
      threshold: ah.threshold ?? d.autoHalt.threshold,
      minSamples: ah.minSamples ?? d.autoHalt.minSamples,
    },
  };
}
