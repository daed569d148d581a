/**
 * A fresh memory cgroup for one bounded child (used only by bounded.ts): the
 * kernel's own memory cap, which an address-space limit cannot give a Node
 * process (see bounded.ts).
 *
 * cgroup v1 (a `cgroup` mount with the `memory` controller): a child group
 * with `memory.limit_in_bytes` (and `memory.memsw.limit_in_bytes`, when swap
 * accounting is on, so swap cannot hide an overrun); afterwards
 * `memory.max_usage_in_bytes` and `oom_kill` of `memory.oom_control`.
 * cgroup v2 (a `cgroup2` mount whose `cgroup.controllers` has `memory`):
 * `memory.max` (and `memory.swap.max` 0); afterwards `memory.peak` and
 * `oom_kill` of `memory.events`. The group is made under the test process's
 * own cgroup when that is possible (so it stays inside whatever limits the
 * machine put on the test run), else under the hierarchy's root.
 *
 * Everything here is synchronous so that both runners can use it. Groups are
 * named `hull-bounded-PID-N`; one left behind by a test process that was
 * killed is removed the next time a group is made beside it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type CgroupKind = 'cgroup-v1' | 'cgroup-v2';

export interface MemoryCgroup {
  kind: CgroupKind;
  dir: string;
  /** Write a PID here to move that process into the group. */
  procs: string;
  limitBytes: number;
  /** Whether swap is held to the same limit (memsw / swap.max), or there is no swap accounting to set. */
  swapNote: string;
}

export interface CgroupOutcome {
  /** Peak memory charged to the group (includes page cache), bytes; null when the kernel does not report it. */
  peakBytes: number | null;
  /** Processes of the group the kernel's OOM killer killed. */
  oomKills: number;
}

const PREFIX = 'hull-bounded-';
let counter = 0;

interface Mount {
  point: string;
  root: string;
  fstype: string;
  superOptions: string[];
}

const unescapeMount = (s: string): string =>
  s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

function mounts(): Mount[] {
  const out: Mount[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const l = left.split(' ');
    const r = right.split(' ');
    out.push({
      point: unescapeMount(l[4] ?? ''),
      root: unescapeMount(l[3] ?? '/'),
      fstype: r[0] ?? '',
      superOptions: (r[2] ?? '').split(','),
    });
  }
  return out;
}

/** The test process's own cgroup path in the v1 hierarchy with `controller`, or in the v2 hierarchy (controller ''). */
function ownPath(controller: string): string | undefined {
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    if (controller === '' ? m[1] === '' : m[1]!.split(',').includes(controller)) return m[2];
  }
  return undefined;
}

/** Where to make the group: the own cgroup's directory when the mount shows it, then the mount's root. */
function parents(mount: Mount, own: string | undefined): string[] {
  const out: string[] = [];
  if (own !== undefined && own !== '/') {
    const root = mount.root === '/' ? '' : mount.root;
    if (own.startsWith(`${root}/`)) {
      const dir = join(mount.point, own.slice(root.length));
      if (existsSync(dir)) out.push(dir);
    }
  }
  out.push(mount.point);
  return out;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes empty groups left behind by test processes that no longer run. */
function sweep(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^hull-bounded-(\d+)-\d+$/.exec(name);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) {
      try {
        rmdirSync(join(parent, name));
      } catch {
        // still has processes, or not ours to remove: leave it
      }
    }
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function tryWrite(path: string, value: string): boolean {
  try {
    writeFileSync(path, value);
    return true;
  } catch {
    return false;
  }
}

function makeV1(parent: string, limit: number): MemoryCgroup {
  const dir = join(parent, `${PREFIX}${process.pid}-${++counter}`);
  mkdirSync(dir); // not recursive: the parent must already be a cgroup
  try {
    writeFileSync(join(dir, 'memory.limit_in_bytes'), String(limit));
    const memsw = join(dir, 'memory.memsw.limit_in_bytes');
    const swapNote = !existsSync(memsw)
      ? 'no swap accounting (memory.memsw.* absent)'
      : tryWrite(memsw, String(limit))
        ? 'swap included (memory.memsw.limit_in_bytes)'
        : 'memory.memsw.limit_in_bytes not writable: swap not limited';
    return { kind: 'cgroup-v1', dir, procs: join(dir, 'cgroup.procs'), limitBytes: limit, swapNote };
  } catch (e) {
    removeQuietly(dir);
    throw e;
  }
}

function makeV2(parent: string, limit: number): MemoryCgroup {
  if (!readFileSync(join(parent, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('memory')) {
    throw new Error(`${parent}: no memory controller in cgroup.controllers`);
  }
  if (!readFileSync(join(parent, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes('memory')) {
    // Refused (EBUSY) in a non-root group that holds processes: the next parent is tried.
    writeFileSync(join(parent, 'cgroup.subtree_control'), '+memory');
  }
  const dir = join(parent, `${PREFIX}${process.pid}-${++counter}`);
  mkdirSync(dir); // not recursive: the parent must already be a cgroup
  try {
    writeFileSync(join(dir, 'memory.max'), String(limit));
    const swapMax = join(dir, 'memory.swap.max');
    const swapNote = !existsSync(swapMax)
      ? 'no swap accounting (memory.swap.max absent)'
      : tryWrite(swapMax, '0')
        ? 'no swap (memory.swap.max 0)'
        : 'memory.swap.max not writable: swap not limited';
    tryWrite(join(dir, 'memory.oom.group'), '1');
    return { kind: 'cgroup-v2', dir, procs: join(dir, 'cgroup.procs'), limitBytes: limit, swapNote };
  } catch (e) {
    removeQuietly(dir);
    throw e;
  }
}

function removeQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // best effort while giving up on this parent
  }
}

/**
 * Makes a fresh memory cgroup limited to `limitBytes`, or says why none can
 * be made here (no memory controller, not writable, not root, ...).
 */
export function createMemoryCgroup(limitBytes: number): MemoryCgroup | { reason: string } {
  let all: Mount[];
  try {
    all = mounts();
  } catch (e) {
    return { reason: `cannot read /proc/self/mountinfo: ${message(e)}` };
  }
  const reasons: string[] = [];
  for (const m of all.filter((x) => x.fstype === 'cgroup' && x.superOptions.includes('memory'))) {
    for (const parent of parents(m, ownPath('memory'))) {
      try {
        sweep(parent);
        return makeV1(parent, limitBytes);
      } catch (e) {
        reasons.push(`v1 ${parent}: ${message(e)}`);
      }
    }
  }
  for (const m of all.filter((x) => x.fstype === 'cgroup2')) {
    for (const parent of parents(m, ownPath(''))) {
      try {
        sweep(parent);
        return makeV2(parent, limitBytes);
      } catch (e) {
        reasons.push(`v2 ${parent}: ${message(e)}`);
      }
    }
  }
  if (reasons.length === 0) reasons.push('no cgroup v1 memory mount and no cgroup2 mount in /proc/self/mountinfo');
  return { reason: reasons.join('; ') };
}

const readNumber = (path: string): number | null => {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
};

/** `key N` of a flat-keyed cgroup file (memory.oom_control, memory.events). */
const readKey = (path: string, key: string): number | null => {
  try {
    const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(readFileSync(path, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
};

/**
 * What the kernel recorded for the group. `childKilled`: the child ended by
 * SIGKILL, for kernels too old to count OOM kills (then a SIGKILL with the
 * limit hit counts as one).
 */
export function readOutcome(cg: MemoryCgroup, childKilled: boolean): CgroupOutcome {
  if (cg.kind === 'cgroup-v1') {
    const kills = readKey(join(cg.dir, 'memory.oom_control'), 'oom_kill');
    const failcnt = readNumber(join(cg.dir, 'memory.failcnt')) ?? 0;
    return {
      peakBytes: readNumber(join(cg.dir, 'memory.max_usage_in_bytes')),
      oomKills: kills ?? (childKilled && failcnt > 0 ? 1 : 0),
    };
  }
  const kills = readKey(join(cg.dir, 'memory.events'), 'oom_kill');
  const hitMax = readKey(join(cg.dir, 'memory.events'), 'max') ?? 0;
  return { peakBytes: readNumber(join(cg.dir, 'memory.peak')), oomKills: kills ?? (childKilled && hitMax > 0 ? 1 : 0) };
}

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Removes the group. Processes still in it (whatever the child left running)
 * are killed first: they were all started by the bounded child. Throws when
 * the group cannot be removed within about 2 s.
 */
export function removeMemoryCgroup(cg: MemoryCgroup): void {
  let last: unknown;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      rmdirSync(cg.dir);
      return;
    } catch (e) {
      last = e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    }
    let pids: number[] = [];
    try {
      pids = readFileSync(cg.procs, 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      // the group is going away
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    sleepSync(20);
  }
  throw new Error(`could not remove the memory cgroup ${cg.dir}: ${message(last)}`);
}
