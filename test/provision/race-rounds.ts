/**
 * The swap race of issue 11, run by race.test.ts inside a private mount
 * namespace (`unshare --mount --propagation private`): a tmpfs on SCRATCH
 * holds a fake "host" directory and one fresh target per round, and the rest
 * of the machine is remounted read-only, so an escape can only reach the fake
 * host. Each round provisions N files under /race/dir/ while a worker thread,
 * once /race/dir/f0 exists, replaces race/dir with a symlink to the host
 * directory (pattern "once"; in odd rounds once a later file exists) or toggles between the real directory and the
 * symlink until provisioning ends (pattern "toggle"). After the round the
 * host's listing, contents, modes and owners are compared with before.
 * Usage: race-rounds.ts SCRATCH ROUNDS FILES. Prints one JSON line per round.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { rootPorts } from '../../src/adapters/provision/node-ports.js';
import { provision } from '../../src/provision/index.js';

const [scratch, roundsArg, filesArg] = process.argv.slice(2);
if (!scratch) throw new Error('usage: race-rounds.ts SCRATCH ROUNDS FILES');
const rounds = Number(roundsArg ?? 20);
const files = Number(filesArg ?? 1000);

execFileSync('mount', ['-t', 'tmpfs', '-o', 'mode=0755', 'tmpfs', scratch]);
// From here on only the tmpfs is writable (best effort for /tmp, as the differential harness does).
execFileSync('mount', ['--bind', '/', '/']);
execFileSync('mount', ['-o', 'remount,bind,ro', '/']);
try {
  execFileSync('mount', ['-o', 'remount,bind,ro', '/tmp'], { stdio: 'ignore' });
} catch {
  /* /tmp is not a mount of its own */
}

const host = join(scratch, 'host');

function makeHost(): void {
  rmSync(host, { recursive: true, force: true });
  mkdirSync(join(host, 'sub'), { recursive: true });
  chmodSync(host, 0o755);
  writeFileSync(join(host, 'shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o640 });
  writeFileSync(join(host, 'sub/x'), 'x\n', { mode: 0o644 });
  symlinkSync('shadow', join(host, 'link'));
  // Names the config also writes: an escape would replace them.
  for (const i of [0, 1, 2, Math.floor(files / 2), files - 1])
    writeFileSync(join(host, `f${i}`), `host ${i}\n`, { mode: 0o600 });
}

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const p = join(dir, rel);
    const st = lstatSync(p);
    const own = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid} nlink=${st.nlink}`;
    if (st.isSymbolicLink()) out.push(`${rel} link ${own} -> ${readlinkSync(p)}`);
    else if (st.isDirectory()) {
      out.push(`${rel}/ dir ${own}`);
      for (const n of readdirSync(p).sort()) walk(`${rel}/${n}`);
    } else out.push(`${rel} file ${own} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
  };
  walk('');
  return out;
}

// The attacker: plain JS in a worker thread, so it runs while the engine works.
const ATTACKER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { dir, host, pattern, flags, trigger } = workerData;
const old = dir + '.old';
const f0 = dir + '/f' + trigger;
const stop = () => Atomics.load(flags, 0) === 1;
let swaps = 0, firstSwap = 0;
while (!stop() && !fs.existsSync(f0)) {}
const swapOut = () => { try { fs.renameSync(dir, old); fs.symlinkSync(host, dir); swaps++; if (!firstSwap) firstSwap = Date.now(); return true; } catch { return false; } };
const swapBack = () => { try { fs.unlinkSync(dir); fs.renameSync(old, dir); } catch {} };
if (!stop()) {
  if (pattern === 'once') swapOut();
  else while (!stop()) { swapOut(); for (let i = 0; i < 200; i++); swapBack(); for (let i = 0; i < 200; i++); }
}
parentPort.postMessage({ swaps, firstSwap });
`;

function attack(
  dir: string,
  pattern: string,
  trigger: number,
  flags: Int32Array,
): Promise<{ swaps: number; firstSwap: number }> {
  const w = new Worker(ATTACKER, { eval: true, execArgv: [], workerData: { dir, host, pattern, trigger, flags } });
  return new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
}

const config = JSON.stringify({
  ignition: { version: '3.3.0' },
  storage: {
    files: Array.from({ length: files }, (_, i) => ({
      path: `/race/dir/f${i}`,
      overwrite: true,
      mode: 0o4755,
      user: { id: 1234 },
      group: { id: 1234 },
      contents: { source: `data:,hull%20${i}%0A` },
    })),
  },
});

let n = 0;
for (const pattern of ['once', 'toggle']) {
  for (let round = 0; round < rounds; round++) {
    makeHost();
    const before = snapshot(host);
    const target = join(scratch, `t${n++}`);
    mkdirSync(target, { mode: 0o755 });
    const flags = new Int32Array(new SharedArrayBuffer(4));
    // The swap comes once f0 exists; in every other "once" round once a later file does, to hit other operations.
    const trigger = pattern === 'once' && round % 2 === 1 ? (round * 97) % files : 0;
    const attacker = attack(join(target, 'race/dir'), pattern, trigger, flags);
    const t0 = Date.now();
    let ok = false;
    let error = '';
    try {
      const r = await provision(config, rootPorts(target));
      ok = r.ok;
      error = r.stages.find((s) => s.status === 'failed')?.error?.message ?? '';
    } catch (err) {
      error = `threw: ${(err as Error).message}`;
    }
    const end = Date.now();
    Atomics.store(flags, 0, 1);
    const { swaps, firstSwap } = await attacker;
    const after = snapshot(host);
    const changed = [
      ...after.filter((l) => !before.includes(l)).map((l) => `+ ${l}`),
      ...before.filter((l) => !after.includes(l)).map((l) => `- ${l}`),
    ];
    rmSync(target, { recursive: true, force: true });
    console.log(
      JSON.stringify({
        pattern,
        round,
        ok,
        error: error.slice(0, 200),
        swaps,
        swappedDuringRun: swaps > 0 && firstSwap <= end,
        ms: end - t0,
        changed: changed.slice(0, 8),
        changedCount: changed.length,
      }),
    );
  }
}
