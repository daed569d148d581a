/**
 * The recorded run: every state change, in the order it happened, with its
 * virtual time in ms since the simulation's start. `hull sim run` writes it as
 * timeline.json; the summary, the `expect:` checks and the chart are computed
 * from it alone. Nothing in it depends on the wall clock, so the same seed
 * gives the same bytes.
 */
export type TimelineRecord =
  /** A machine booted (GRUB's gptprio choice): its slot, the release in it, whether it was a trial of a new slot. */
  | {
      readonly t: number;
      readonly kind: 'boot';
      readonly m: number;
      readonly slot: string;
      readonly version: string;
      readonly trial: boolean;
    }
  /** The trial boot did not come up (a `fails-boot` release): the machine resets, GRUB falls back. */
  | {
      readonly t: number;
      readonly kind: 'boot-failed';
      readonly m: number;
      readonly slot: string;
      readonly version: string;
    }
  /** The boot failed its health gate (not marked good; the machine is reset after a while). */
  | {
      readonly t: number;
      readonly kind: 'unhealthy';
      readonly m: number;
      readonly slot: string;
      readonly version: string;
    }
  /** flatcar-setgoodroot: the booted slot is marked good. */
  | {
      readonly t: number;
      readonly kind: 'marked-good';
      readonly m: number;
      readonly slot: string;
      readonly version: string;
    }
  /** The agent's status (update_engine's current operation). */
  | { readonly t: number; readonly kind: 'status'; readonly m: number; readonly status: string }
  /** The server offered an update (a grant). */
  | { readonly t: number; readonly kind: 'grant'; readonly m: number; readonly group: string; readonly version: string }
  /** An Omaha event the agent sent (type/result, error code). */
  | {
      readonly t: number;
      readonly kind: 'event';
      readonly m: number;
      readonly type: number;
      readonly result: number;
      readonly errorCode?: number;
    }
  /** The agent reported a rollback (the check with 3/0 44). */
  | { readonly t: number; readonly kind: 'rollback'; readonly m: number; readonly version: string }
  /** The GPT slot bits after a change (`P1 T0 S1`). */
  | { readonly t: number; readonly kind: 'slots'; readonly m: number; readonly a: string; readonly b: string }
  /** The reboot lock: taken or released (`ok`), or refused. */
  | {
      readonly t: number;
      readonly kind: 'lock';
      readonly m: number;
      readonly op: 'lock' | 'unlock';
      readonly result: string;
    }
  /** The machine goes down to reboot. */
  | { readonly t: number; readonly kind: 'reboot'; readonly m: number }
  /** The operator's event from the scenario, as applied to the server. */
  | { readonly t: number; readonly kind: 'operator'; readonly action: string; readonly detail: string }
  /** A group's rollout was halted (by the server's auto-halt or by hand) or resumed. */
  | {
      readonly t: number;
      readonly kind: 'halt';
      readonly group: string;
      readonly by: 'auto-halt' | 'manual';
      readonly reason: string;
    }
  | { readonly t: number; readonly kind: 'resume'; readonly group: string };

export type TimelineKind = TimelineRecord['kind'];

/** A machine of the simulated fleet. */
export interface SimMachine {
  readonly index: number;
  readonly name: string;
  readonly group: string;
  readonly machineId: string;
  readonly startVersion: string;
}

export interface Timeline {
  readonly format: 'hull-sim-timeline/1';
  readonly scenario: string;
  readonly seed: number;
  readonly start: string;
  readonly durationMs: number;
  readonly machines: readonly SimMachine[];
  readonly records: readonly TimelineRecord[];
}

/** Records in time order, stamped with the clock's time. */
export class TimelineRecorder {
  readonly records: TimelineRecord[] = [];
  constructor(private readonly now: () => number) {}

  /** The time to pass to `add` for something that began now and is recorded once it ends. */
  mark(): number {
    return this.now();
  }

  /**
   * Adds a record at the clock's time, or at `at` (a `mark()` taken earlier): then it goes after every
   * record not later than `at`. On the real clock a request's answer comes some time after it was sent;
   * a release recorded when it was asked for cannot appear after another machine's take it made possible.
   */
  add<K extends TimelineKind>(
    rec: Omit<Extract<TimelineRecord, { kind: K }>, 't'> & { readonly kind: K },
    at?: number,
  ): void {
    const t = at ?? this.now();
    let i = this.records.length;
    while (i > 0 && this.records[i - 1]!.t > t) i--;
    this.records.splice(i, 0, { t, ...rec } as unknown as TimelineRecord);
  }
}

/** The timeline's JSON text: one record a line, so a diff of two runs reads well. */
export function timelineJson(tl: Timeline): string {
  const head = { format: tl.format, scenario: tl.scenario, seed: tl.seed, start: tl.start, durationMs: tl.durationMs };
  const lines = [
    '{',
    ...Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    '  "machines": [',
    tl.machines.map((m) => `    ${JSON.stringify(m)}`).join(',\n'),
    '  ],',
    '  "records": [',
    tl.records.map((r) => `    ${JSON.stringify(r)}`).join(',\n'),
    '  ]',
    '}',
    '',
  ];
  return lines.join('\n');
}
