/**
 * Runs the real `hull` binary (or any Node script) under a 512 MiB memory cap
 * and measures it: the one way the tests bound a child's memory and time
 * (issue 11: "memory-bound tests run the big inputs under a cgroup or
 * `ulimit -v`-style cap of 512 MiB and assert a clean report or a clean
 * error; none takes more than 10 s").
 *
 * Three layers:
 * - The kernel's cap: the child runs in a fresh memory cgroup of its own
 *   (memory-cgroup.ts: cgroup v1 `memory.limit_in_bytes`, swap included, or
 *   v2 `memory.max`), joined by a `/bin/sh` that then execs node, so every
 *   byte the process maps counts from its first instruction — Buffers and
 *   other memory outside V8's heap too. Past the cap the kernel's OOM killer
 *   kills it; the runner reads the group's `oom_kill` count and reports
 *   `oomKilled`, which `assertCapHeld` turns into a failure that says so.
 *   `prlimit --as` / `ulimit -v` cannot be used: V8 reserves large virtual
 *   ranges up front (its code range, the pointer-compression cage), so node
 *   aborts at start ("Failed to reserve virtual memory for CodeRange") under
 *   an address-space limit of 512 MiB, whatever the input.
 * - V8's heap cap, `--max-old-space-size` (512 MiB unless `heapMiB` says
 *   less): a runaway JavaScript heap ends in V8's own "heap out of memory"
 *   abort, which the tests reject, usually before the kernel has to act.
 * - A preload (`usage-on-exit.cjs`) records, as the process exits, its peak
 *   resident set (getrusage maxRSS) and CPU time. The tests judge "peak" by
 *   this RSS, not by the cgroup's peak: a v1 memory cgroup also charges the
 *   page cache of files the child reads and writes (reclaimed under the
 *   limit, so harmless for enforcement, but not the process's footprint).
 *   Time is bounded by CPU time, not wall time: the suite shares two cores,
 *   and the wall clock of a busy machine says little about the command.
 *
 * When no writable memory cgroup exists (not root, no memory controller), the
 * runner falls back to the heap cap and the RSS measurement alone, and the
 * result says `cap: 'heap-only'` with the reason; `assertCapHeld` prints it
 * as a test diagnostic, so a run that was not kernel-capped is never silent.
 * The group is removed after the child exits, whatever the test's outcome.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { HULL_BIN, REPO } from './hull.js';
import {
  createMemoryCgroup,
  readOutcome,
  removeMemoryCgroup,
  type CgroupKind,
  type MemoryCgroup,
} from './memory-cgroup.js';

export const CAP_MIB = 512;
/**
 * A bound against runaway time (a quadratic pass over 130 000 entries takes
 * minutes), not a speed goal: those live in bench/. The biggest configs take
 * 8–9 s of CPU alone (GC threads included) and 11–12 s while the rest of the
 * suite runs on the other core, so 10 s failed by chance; 30 s still catches
 * any blow-up.
 */
export const CPU_LIMIT_MS = 30_000;
const MiB = 1024 * 1024;
const PRELOAD = fileURLToPath(new URL('./usage-on-exit.cjs', import.meta.url));
const JOIN_FAILED = 'hull-bounded: cannot join the memory cgroup';

export interface BoundedOptions {
  /** Bytes for the child's stdin (default: none). */
  input?: string | Uint8Array;
  /** A file (or device, e.g. /dev/zero) redirected to the child's stdin. */
  stdinFile?: string;
  cwd?: string;
  stdout?: 'pipe' | 'ignore';
  env?: Record<string, string>;
  /** V8's heap cap, --max-old-space-size (default CAP_MIB). */
  heapMiB?: number;
  /** The memory cgroup's limit (default CAP_MIB). */
  capMiB?: number;
  /** SIGKILL after this long (default 120 s); the result says `timedOut`. */
  timeoutMs?: number;
  /** What node runs before `args`: default the hull binary; e.g. ['-e', code] for a script. */
  entry?: readonly string[];
  /** false: no cgroup, as if none were writable (the self-test of the fallback). */
  cgroup?: boolean;
}

export interface BoundedResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the child, MiB; NaN when the child recorded none (killed, aborted). */
  maxRssMiB: number;
  /** User + system CPU time of the child, ms; NaN when the child recorded none. */
  cpuMs: number;
  wallMs: number;
  /** Which cap held the child: a memory cgroup of `capMiB` (plus the heap cap), or only V8's heap cap. */
  cap: CgroupKind | 'heap-only';
  /** The cgroup and its swap setting, or why there was none. */
  capNote: string;
  capMiB: number;
  heapMiB: number;
  /** The cgroup's directory (removed by the time the result is returned); null when there was none. */
  cgroupDir: string | null;
  /** The cgroup's OOM killer killed the child (or something it started). */
  oomKilled: boolean;
  /** The cgroup's peak charge, MiB (page cache included); null when there was no cgroup or the kernel does not say. */
  cgroupPeakMiB: number | null;
  timedOut: boolean;
}

interface Prepared {
  file: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  cg: MemoryCgroup | undefined;
  capNote: string;
  dir: string;
  usage: string;
  capMiB: number;
  heapMiB: number;
  started: number;
}

function prepare(args: readonly string[], opts: BoundedOptions): Prepared {
  const capMiB = opts.capMiB ?? CAP_MIB;
  const heapMiB = opts.heapMiB ?? CAP_MIB;
  const made = opts.cgroup === false ? { reason: 'cgroup: false was asked for' } : createMemoryCgroup(capMiB * MiB);
  const cg = 'reason' in made ? undefined : made;
  const capNote = 'reason' in made ? made.reason : `${made.kind} ${made.dir}, ${made.swapNote}`;
  const dir = mkdtempSync(join(tmpdir(), 'hull-bounded-'));
  const usage = join(dir, 'usage.json');
  // sh joins the group (when there is one), redirects stdin (when asked), then
  // execs node: the process is capped before node starts.
  const script = [
    'p=$1; f=$2; shift 2',
    `if [ -n "$p" ]; then echo $$ > "$p" || { echo "${JOIN_FAILED} ($p)" >&2; exit 125; }; fi`,
    'if [ -n "$f" ]; then exec "$@" < "$f"; fi',
    'exec "$@"',
  ].join('\n');
  const node = [
    process.execPath,
    `--max-old-space-size=${heapMiB}`,
    '--require',
    PRELOAD,
    ...(opts.entry ?? [HULL_BIN]),
    ...args,
  ];
  return {
    file: '/bin/sh',
    argv: ['-c', script, 'sh', cg?.procs ?? '', opts.stdinFile ?? '', ...node],
    env: { ...process.env, NO_COLOR: '1', ...opts.env, HULL_USAGE_FILE: usage },
    cwd: opts.cwd ?? REPO,
    cg,
    capNote,
    dir,
    usage,
    capMiB,
    heapMiB,
    started: performance.now(),
  };
}

interface Raw {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function finish(p: Prepared, raw: Raw): BoundedResult {
  const wallMs = performance.now() - p.started;
  if (p.cg && raw.status === 125 && raw.stderr.includes(JOIN_FAILED)) throw new Error(raw.stderr);
  let u = { maxRssKiB: NaN, cpuUs: NaN };
  try {
    u = JSON.parse(readFileSync(p.usage, 'utf8')) as typeof u;
  } catch {
    // no usage file: the child died before its exit handlers (the status says how)
  }
  const outcome = p.cg ? readOutcome(p.cg, raw.signal === 'SIGKILL' && !raw.timedOut) : undefined;
  return {
    ...raw,
    maxRssMiB: u.maxRssKiB / 1024,
    cpuMs: u.cpuUs / 1000,
    wallMs,
    cap: p.cg?.kind ?? 'heap-only',
    capNote: p.capNote,
    capMiB: p.capMiB,
    heapMiB: p.heapMiB,
    cgroupDir: p.cg?.dir ?? null,
    oomKilled: (outcome?.oomKills ?? 0) > 0,
    cgroupPeakMiB: outcome?.peakBytes == null ? null : outcome.peakBytes / MiB,
  };
}

function cleanup(p: Prepared): void {
  try {
    if (p.cg) removeMemoryCgroup(p.cg);
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }
}

/** Runs `node [caps] HULL_BIN ...args` (or `opts.entry`) to completion under the caps. */
export function runBounded(args: readonly string[], opts: BoundedOptions = {}): BoundedResult {
  const p = prepare(args, opts);
  try {
    const r = spawnSync(p.file, p.argv, {
      input: opts.input ?? '',
      env: p.env,
      cwd: p.cwd,
      encoding: 'utf8',
      maxBuffer: 256 * MiB,
      stdio: ['pipe', opts.stdout ?? 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 120_000,
      killSignal: 'SIGKILL',
    });
    const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
    if (r.error && !timedOut) throw r.error;
    return finish(p, { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut });
  } finally {
    cleanup(p);
  }
}

/** The same, without blocking this process (for tests that serve the child from here). */
export function runBoundedAsync(args: readonly string[], opts: BoundedOptions = {}): Promise<BoundedResult> {
  const p = prepare(args, opts);
  return new Promise<BoundedResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(p.file, p.argv, { env: p.env, cwd: p.cwd, stdio: ['pipe', opts.stdout ?? 'pipe', 'pipe'] });
    } catch (e) {
      cleanup(p);
      reject(e as Error);
      return;
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin?.on('error', () => {
      // the child may exit without reading its input
    });
    child.stdin?.end(opts.input ?? '');
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    const settle = (f: () => BoundedResult): void => {
      clearTimeout(killer);
      try {
        const r = f();
        cleanup(p);
        resolve(r);
      } catch (e) {
        try {
          cleanup(p);
        } catch {
          // the first error is the one to report
        }
        reject(e as Error);
      }
    };
    child.on('error', (e) =>
      settle(() => {
        throw e;
      }),
    );
    child.on('close', (status, signal) => settle(() => finish(p, { status, signal, stdout, stderr, timedOut })));
  });
}

const mib = (n: number | null): string => (n === null || Number.isNaN(n) ? '?' : n.toFixed(0));

/**
 * The checks every bounded run needs, whatever else its test asserts: says
 * (t.diagnostic) which cap held the run and what it used — loudly when it was
 * only V8's heap cap — and fails when the cgroup's OOM killer killed the
 * child, when it ran out of time, or when it recorded no usage.
 */
export function assertCapHeld(t: TestContext, r: BoundedResult, what: string): void {
  const used = `peak RSS ${mib(r.maxRssMiB)} MiB, CPU ${mib(r.cpuMs)} ms, wall ${r.wallMs.toFixed(0)} ms`;
  if (r.cap === 'heap-only') {
    t.diagnostic(
      `${what}: NOT capped by the kernel (no writable memory cgroup: ${r.capNote}); only V8's heap (${r.heapMiB} MiB) was capped; ${used}`,
    );
  } else {
    t.diagnostic(
      `${what}: ${r.cap} cap ${r.capMiB} MiB (cgroup peak ${mib(r.cgroupPeakMiB)} MiB with page cache), heap ${r.heapMiB} MiB; ${used}`,
    );
  }
  assert.ok(
    !r.oomKilled,
    `${what}: killed by the kernel's OOM killer at the ${r.capMiB} MiB memory cgroup cap (${r.cap}; cgroup peak ${mib(r.cgroupPeakMiB)} MiB): the command does not stay within ${r.capMiB} MiB\n${r.stderr.slice(-2000)}`,
  );
  assert.ok(!r.timedOut, `${what}: still running after its timeout (${r.wallMs.toFixed(0)} ms); killed`);
  assert.ok(
    !Number.isNaN(r.maxRssMiB),
    `${what}: the child recorded no usage (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(-1000)}`,
  );
}
